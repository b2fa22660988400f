import type { IptablesTableName } from '@hookpath/model';
import { compileNetfilter } from '../compile-netfilter';
import { evaluateTable } from '../evaluate-table';
import type { Hook } from '../../packet/hooks';
import type { Ipset } from '@hookpath/model';
import type { TableResult } from '../table-evaluation';
import { tableInput, type InputSpec } from './inputs.testing';
import { hostOf } from './ruleset.testing';

export interface Probe {
  outcome: 'match' | 'no' | 'unknown';
  /** The matched rule's explanation, or the unknown message. */
  explanation: string;
  result: TableResult;
}

/**
 * Test code only: whether `selectors` (the text between `-A CHAIN` and the target) match the
 * packet, in a one-rule chain of `table`/`hook` whose policy is DROP.
 */
export function probe(
  selectors: string,
  spec: InputSpec = {},
  where: { table?: IptablesTableName; hook?: Hook; ipsets?: Ipset[] | null } = {},
): Probe {
  const table = where.table ?? 'filter';
  const hook = where.hook ?? 'INPUT';
  const save = `*${table}\n:${hook} DROP [0:0]\n-A ${hook} ${selectors} -j ACCEPT\n`;
  const result = evaluateTable(
    compileNetfilter(hostOf(save, where.ipsets === undefined ? [] : where.ipsets)),
    tableInput(table, hook, spec),
  );
  const first = result.steps[0];
  if (result.verdict === 'UNKNOWN') return { outcome: 'unknown', explanation: result.unknown ?? '', result };
  if (first !== undefined && first.rule !== null) return { outcome: 'match', explanation: first.explanation, result };
  return { outcome: 'no', explanation: '', result };
}

export const outcome = (selectors: string, spec: InputSpec = {}, where: Parameters<typeof probe>[2] = {}): Probe['outcome'] =>
  probe(selectors, spec, where).outcome;
