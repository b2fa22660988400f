import { IPTABLES_TABLE_NAMES, type IptablesChain, type IptablesRuleset, type IptablesTable } from '@hookpath/model';
import { added, removed, unionKeys, type StructuralChange } from './change';
import { alignSequences } from './sequence-alignment';

const EMPTY_CHAIN = (name: string): IptablesChain => ({ name, builtin: false, policy: null, rules: [] });

function chainSummary(chain: IptablesChain): string {
  const head = chain.builtin ? `-P ${chain.name} ${chain.policy ?? 'ACCEPT'}` : `-N ${chain.name}`;
  return `${head} (${chain.rules.length} rule${chain.rules.length === 1 ? '' : 's'})`;
}

/** Rules of one chain: aligned by text, so each place keeps the rule's position on both sides. */
function diffRules(host: string, table: string, base: IptablesChain, target: IptablesChain): StructuralChange[] {
  const out: StructuralChange[] = [];
  const ops = alignSequences(
    base.rules.map((r) => r.text),
    target.rules.map((r) => r.text),
  );
  for (const op of ops) {
    switch (op.op) {
      case 'same':
        break;
      case 'removed': {
        const r = base.rules[op.a];
        out.push(
          removed(
            'iptables.rule.removed',
            { host, table, chain: base.name, position: { base: r.position }, line: { base: r.line } },
            r.text,
          ),
        );
        break;
      }
      case 'added': {
        const r = target.rules[op.b];
        out.push(
          added(
            'iptables.rule.added',
            { host, table, chain: target.name, position: { target: r.position }, line: { target: r.line } },
            r.text,
          ),
        );
        break;
      }
      default: {
        const unreachable: never = op;
        return unreachable;
      }
    }
  }
  return out;
}

function diffChains(host: string, table: string, base: IptablesTable | undefined, target: IptablesTable | undefined): StructuralChange[] {
  const out: StructuralChange[] = [];
  const b = new Map((base?.chains ?? []).map((c) => [c.name, c]));
  const t = new Map((target?.chains ?? []).map((c) => [c.name, c]));
  for (const name of unionKeys(b.keys(), t.keys())) {
    const bc = b.get(name);
    const tc = t.get(name);
    if (bc === undefined && tc !== undefined) out.push(added('iptables.chain.added', { host, table, chain: name }, chainSummary(tc)));
    if (bc !== undefined && tc === undefined) out.push(removed('iptables.chain.removed', { host, table, chain: name }, chainSummary(bc)));
    if (bc !== undefined && tc !== undefined && bc.policy !== tc.policy) {
      out.push({
        kind: 'iptables.chain.policy-changed',
        place: { host, table, chain: name, field: 'policy' },
        before: bc.policy ?? '-',
        after: tc.policy ?? '-',
      });
    }
    out.push(...diffRules(host, table, bc ?? EMPTY_CHAIN(name), tc ?? EMPTY_CHAIN(name)));
  }
  return out;
}

/** iptables of one host: tables, chains (and built-in policies), rules. Null (not captured) counts as empty. */
export function diffIptables(host: string, base: IptablesRuleset | null, target: IptablesRuleset | null): StructuralChange[] {
  const out: StructuralChange[] = [];
  const b = new Map((base?.tables ?? []).map((tb) => [tb.name, tb]));
  const t = new Map((target?.tables ?? []).map((tb) => [tb.name, tb]));
  const order = [...IPTABLES_TABLE_NAMES].filter((n) => b.has(n) || t.has(n));
  for (const name of order) {
    const bt = b.get(name);
    const tt = t.get(name);
    if (bt === undefined && tt !== undefined)
      out.push(added('iptables.table.added', { host, table: name }, `*${name} (${tt.chains.length} chains)`));
    if (bt !== undefined && tt === undefined)
      out.push(removed('iptables.table.removed', { host, table: name }, `*${name} (${bt.chains.length} chains)`));
    out.push(...diffChains(host, name, bt, tt));
  }
  return out;
}
