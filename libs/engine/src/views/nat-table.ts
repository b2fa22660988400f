import type { IptablesRule, IptablesTableName, IpvsService, RuleOption, SnapshotModel } from '@hookpath/model';
import { ovnNatRows, type OvnNatEntry } from './ovn-nat-rows';

export { boundChassis } from '../ovn/gateway-chassis';
export { chassisHosts, gatewayChassisOf, ovnNatRows, type OvnNatEntry } from './ovn-nat-rows';

export type NatKind = 'DNAT' | 'SNAT' | 'MASQUERADE' | 'REDIRECT';

const NAT_KINDS: ReadonlySet<string> = new Set<NatKind>(['DNAT', 'SNAT', 'MASQUERADE', 'REDIRECT']);

export interface NatRuleEntry {
  host: string;
  kind: NatKind;
  table: IptablesTableName;
  chain: string;
  position: number;
  /** The whole rule as iptables-save prints it. */
  rule: string;
  /** The rule's selectors: its text between the chain name and the target. */
  match: string;
  /** What the packet is rewritten to, in words (`destination 13.13.0.4`). */
  translation: string;
  /** The target's options as written (`--to-destination 13.13.0.4`). */
  targetOptions: string;
}

export interface IpvsNatEntry {
  host: string;
  service: IpvsService;
}

export interface NatTable {
  rules: NatRuleEntry[];
  ipvs: IpvsNatEntry[];
  /** OVN NAT rows and load balancer VIPs ([] when the snapshot has no ovn/). */
  ovn: OvnNatEntry[];
}

const value = (options: readonly RuleOption[], name: string): string | undefined => options.find((o) => o.name === name)?.values.join(' ');

function describeTranslation(kind: NatKind, options: readonly RuleOption[]): string {
  const flags = options.filter((o) => o.values.length === 0).map((o) => `--${o.name}`);
  const suffix = flags.length > 0 ? ` (${flags.join(' ')})` : '';
  switch (kind) {
    case 'DNAT':
      return `destination ${value(options, 'to-destination') ?? '(none given)'}${suffix}`;
    case 'SNAT':
      return `source ${value(options, 'to-source') ?? '(none given)'}${suffix}`;
    case 'MASQUERADE': {
      const ports = value(options, 'to-ports');
      return `source: primary address of the egress interface${ports ? `, ports ${ports}` : ''}${suffix}`;
    }
    case 'REDIRECT': {
      const ports = value(options, 'to-ports');
      return `destination: the incoming interface's primary address${ports ? `, port ${ports}` : ''}${suffix}`;
    }
    default: {
      const unreachable: never = kind;
      return unreachable;
    }
  }
}

/** The selectors of a rule: what stands between `-A CHAIN` and `-j`/`-g`. */
export function ruleMatchText(rule: IptablesRule): string {
  const afterChain = rule.text.replace(/^-A\s+\S+\s*/, '');
  const target = /(^|\s)-[jg]\s/.exec(afterChain);
  return (target === null ? afterChain : afterChain.slice(0, target.index)).trim();
}

function targetOptionsText(options: readonly RuleOption[]): string {
  return options.map((o) => [o.negated ? '!' : '', `--${o.name}`, ...o.values].filter((p) => p !== '').join(' ')).join(' ');
}

/** Every address translation in the snapshot: NAT-target rules in rule order, IPVS services, OVN NAT rows and VIPs. */
export function natTable(model: SnapshotModel): NatTable {
  const rules: NatRuleEntry[] = [];
  const ipvs: IpvsNatEntry[] = [];
  for (const host of model.hosts) {
    for (const table of host.iptables?.tables ?? []) {
      for (const chain of table.chains) {
        for (const rule of chain.rules) {
          const name = rule.target?.name;
          if (name === undefined || !NAT_KINDS.has(name)) continue;
          const kind = name as NatKind;
          const options = rule.target?.options ?? [];
          rules.push({
            host: host.name,
            kind,
            table: table.name,
            chain: chain.name,
            position: rule.position,
            rule: rule.text,
            match: ruleMatchText(rule),
            translation: describeTranslation(kind, options),
            targetOptions: targetOptionsText(options),
          });
        }
      }
    }
    for (const service of host.ipvs ?? []) ipvs.push({ host: host.name, service });
  }
  return { rules, ipvs, ovn: ovnNatRows(model) };
}
