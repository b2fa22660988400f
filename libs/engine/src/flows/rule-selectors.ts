import type { Host, IptablesChain, IptablesRule, IptablesTable, IptablesTableName, RuleMatch, RuleOption } from '@hookpath/model';
import { parsePrefix } from '../net/ipv4';
import { commentOf } from '../netfilter/matches/comment';
import { parsePortRange, protocolNumber } from '../netfilter/option-values';
import type { PortProtocol } from './flow-types';

/** What a rule's own selectors say about the packets it is for (from the parsed matches, not the text). */
export interface RuleDestination {
  /** `-d X/32` (not negated) as a number, or null when the rule has no single destination address. */
  address: number | null;
  /** `-p tcp|udp`; 'other' for any other protocol; null without `-p`. */
  proto: PortProtocol | 'other' | null;
  /** `--dport N` of `-m tcp|udp` (the low end of a range); null without one. */
  port: number | null;
}

function option(match: RuleMatch, name: string, alias?: string): RuleOption | undefined {
  for (const o of match.options) if ((o.name === name || o.name === alias) && !o.negated) return o;
  return undefined;
}

function protocolOf(text: string): PortProtocol | 'other' {
  const n = protocolNumber(text);
  return n === 6 ? 'tcp' : n === 17 ? 'udp' : 'other';
}

/** The rule's destination selectors; with `requireAddress`, rules without `-d X/32` stop early (address null). */
export function ruleDestination(rule: IptablesRule, requireAddress = false): RuleDestination {
  const out: RuleDestination = { address: null, proto: null, port: null };
  const ip = rule.matches.find((m) => m.module === 'ip');
  if (ip !== undefined) {
    const d = option(ip, 'destination');
    const prefix = d === undefined ? null : parsePrefix(d.values[0] ?? '');
    if (prefix !== null && prefix.length === 32) out.address = prefix.network;
    const p = option(ip, 'protocol');
    if (p !== undefined) out.proto = protocolOf(p.values[0] ?? '');
  }
  if (requireAddress && out.address === null) return out;
  for (const match of rule.matches) {
    if (match.module !== 'tcp' && match.module !== 'udp') continue;
    const d = option(match, 'dport', 'destination-port');
    const range = d === undefined ? null : parsePortRange(d.values[0] ?? '');
    if (range !== null) out.port = range.from;
  }
  return out;
}

/** kube-proxy's comment suffixes after the Service port name (`default/web:http cluster IP`). */
const KUBE_PROXY_SUFFIX = / (cluster IP|loadbalancer IP|external IP|has no endpoints|has no local endpoints)$/;

/** The Service port a kube-proxy rule is for (`default/web:http`), or the rule's whole comment. */
export function serviceName(rule: IptablesRule): string | null {
  const comment = commentOf(rule.matches);
  if (comment === null || comment === '') return null;
  return comment.replace(KUBE_PROXY_SUFFIX, '');
}

/** Whether the comment marks a rule for a LoadBalancer or external IP (reachable from outside). */
export function isExternalServiceRule(rule: IptablesRule): boolean {
  const comment = commentOf(rule.matches) ?? '';
  return / (loadbalancer IP|external IP)$/.test(comment);
}

export function tableOf(host: Host, name: IptablesTableName): IptablesTable | undefined {
  return host.iptables?.tables.find((t) => t.name === name);
}

/**
 * The rules of `start`, then those of each user chain its rules jump or go to, each chain once
 * (one level: kube-proxy's KUBE-SVC-* / KUBE-EXT-* chains repeat the Service's selectors; the
 * KUBE-SEP-* chains below them carry only the endpoint's DNAT). Chains in `skip` are left out.
 */
export function serviceRules(table: IptablesTable, start: string, skip: ReadonlySet<string> = new Set()): IptablesRule[] {
  const chains = new Map<string, IptablesChain>();
  for (const c of table.chains) chains.set(c.name, c);
  const first = chains.get(start)?.rules ?? [];
  const out: IptablesRule[] = [...first];
  const seen = new Set([start]);
  for (const rule of first) {
    const next = rule.target?.name;
    if (next === undefined || seen.has(next) || skip.has(next)) continue;
    seen.add(next);
    const chain = chains.get(next);
    if (chain !== undefined) for (const r of chain.rules) out.push(r);
  }
  return out;
}
