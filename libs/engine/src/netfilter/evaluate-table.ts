import type { IptablesTableName } from '@hookpath/model';
import type { CtView } from '../conntrack/ct-view';
import type { CompiledNetfilter } from './compiled-types';
import { createContext } from './eval-context';
import { HOOK_ORDER } from './hook-priorities';
import type { Hook } from '../packet/hooks';
import type { TableInput, TableResult } from './table-evaluation';
import { walkTable } from './traverse-chain';

/** The priority `table` registers on `hook` at, or null when it has no base chain there. */
export function tablePriority(hook: Hook, table: IptablesTableName): number | null {
  for (const entry of HOOK_ORDER[hook]) {
    if (entry.kind === 'table' && entry.table === table) return entry.priority;
  }
  return null;
}

/**
 * The nat table runs only for a connection's first packet (the entry is not confirmed yet); later
 * packets, replies, untracked and invalid packets skip it, and without conntrack it never runs
 * (shared/oracle facts 2 and 3).
 */
export function natConsulted(ct: CtView | null): boolean {
  return ct !== null && !ct.confirmed && ct.state !== 'INVALID' && ct.state !== 'UNTRACKED';
}

export interface EvaluateOptions {
  /** false: visit every rule, ignoring the chain indexes (the reference the index must equal). */
  useIndex?: boolean;
}

/**
 * One table on one hook for one packet: the walk from the hook's base chain, with the steps the
 * kernel's trace would show. A table or base chain the snapshot does not list is not registered:
 * ACCEPT, no steps, not consulted.
 */
export function evaluateTable(compiled: CompiledNetfilter, input: TableInput, options: EvaluateOptions = {}): TableResult {
  const table = compiled.tables.get(input.table);
  const base = table?.chains.get(input.hook);
  const priority = tablePriority(input.hook, input.table);
  if (base === undefined || !base.builtin || priority === null || (input.table === 'nat' && !natConsulted(input.ct))) {
    return {
      verdict: 'ACCEPT',
      packet: input.packet,
      steps: [],
      nat: null,
      ctMark: null,
      notrack: false,
      ctZone: null,
      rejectWith: null,
      tproxy: null,
      unknown: null,
      consulted: false,
    };
  }
  const ctx = createContext(input);
  const steps: TableResult['steps'] = [];
  const verdict = walkTable({ ctx, base, priority, steps, useIndex: options.useIndex ?? true });
  return {
    verdict,
    packet: ctx.packet,
    steps,
    nat: ctx.nat,
    ctMark: ctx.ctMarkChanged ? ctx.ctMark : null,
    notrack: ctx.notrack,
    ctZone: ctx.ctZone,
    rejectWith: verdict === 'REJECT' ? ctx.rejectWith : null,
    tproxy: verdict === 'ACCEPT' ? ctx.tproxy : null,
    unknown: verdict === 'UNKNOWN' ? ctx.undecided : null,
    consulted: true,
  };
}
