import type { Host } from '@hookpath/model';
import { conntrackRequired } from '../netfilter/conntrack-required';
import { HOOK_ORDER } from '../netfilter/hook-priorities';
import { HOOKS, type Hook } from '../packet/hooks';

export interface HookPathEntry {
  kind: 'table' | 'conntrack' | 'conntrack-confirm';
  priority: number;
  priorityName: string;
  table: string | null;
  /** The table's base chain on this hook (named after the hook), when the table has one. */
  chain: string | null;
  policy: 'ACCEPT' | 'DROP' | null;
  ruleCount: number;
  /** Conntrack entries are inactive in a namespace whose rules never need connection state. */
  active: boolean;
}

export interface HookPath {
  host: string;
  hook: Hook;
  entries: HookPathEntry[];
}

/**
 * Per hook, the functions a packet meets in this host in priority order: the conntrack steps and
 * the base chain of every table the snapshot lists on that hook (a table absent from the snapshot
 * is not registered and is left out).
 */
export function hookPaths(host: Host): HookPath[] {
  const tracking = conntrackRequired(host.iptables);
  return HOOKS.map((hook) => {
    const entries: HookPathEntry[] = [];
    for (const entry of HOOK_ORDER[hook]) {
      if (entry.kind !== 'table') {
        entries.push({
          kind: entry.kind,
          priority: entry.priority,
          priorityName: entry.priorityName,
          table: null,
          chain: null,
          policy: null,
          ruleCount: 0,
          active: tracking,
        });
        continue;
      }
      const chain = host.iptables?.tables.find((t) => t.name === entry.table)?.chains.find((c) => c.builtin && c.name === hook);
      if (chain === undefined) continue;
      entries.push({
        kind: 'table',
        priority: entry.priority,
        priorityName: entry.priorityName,
        table: entry.table,
        chain: chain.name,
        policy: chain.policy,
        ruleCount: chain.rules.length,
        active: true,
      });
    }
    return { host: host.name, hook, entries };
  });
}
