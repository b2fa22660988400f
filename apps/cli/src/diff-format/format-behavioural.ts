import {
  branchChanges,
  isFlowError,
  type BehaviouralDiff,
  type BranchChange,
  type Cause,
  type CauseGroup,
  type ChangedFlow,
  type FlowBranch,
  type FlowOutcome,
  type FlowResult,
} from '@hookpath/diff';
import { dispositionStyle, type Paint } from '../trace-format';

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

/** `DROPPED (NO_ROUTE)`, or the error code of a flow the engine could not trace on that side. */
function fate(result: FlowOutcome | FlowResult | undefined, paint: Paint): string {
  if (result === undefined) return paint('dim', 'none');
  if (isFlowError(result)) return paint('red', `error ${result.error}`);
  const reason = result.dropReason === null ? '' : ` (${result.dropReason})`;
  return paint(dispositionStyle(result.disposition), `${result.disposition}${reason}`);
}

const endOf = (o: FlowOutcome | undefined): string =>
  o === undefined || o.endHost === null ? '-' : o.endIface === null ? o.endHost : `${o.endHost}:${o.endIface}`;

/** What differs in where the packet ended and with which header: `end a→b`, `src x→y`, ... */
function outcomeChanges(base: FlowOutcome | undefined, target: FlowOutcome | undefined): string[] {
  const out: string[] = [];
  if (endOf(base) !== endOf(target)) out.push(`end ${endOf(base)}→${endOf(target)}`);
  for (const field of ['src', 'dst', 'sport', 'dport'] as const) {
    const b = base?.[field] ?? null;
    const t = target?.[field] ?? null;
    if (b !== t) out.push(`${field} ${b ?? '-'}→${t ?? '-'}`);
  }
  return out;
}

const percent = (p: number): string => `${(p * 100).toFixed(1)}%`;

/** A leaf as a diff line shows it: `33.3% DELIVERED, reply DROPPED (RP_FILTER)`; `none` on the side without it. */
function leafText(leaf: FlowBranch | null, paint: Paint): string {
  if (leaf === null) return paint('dim', 'none');
  const reply = leaf.reply === undefined || leaf.reply.disposition === 'DELIVERED' ? '' : `, reply ${fate(leaf.reply, paint)}`;
  return `${percent(leaf.probability)} ${fate(leaf, paint)}${reply}`;
}

const BRANCH_CHANGE: Readonly<Record<BranchChange['change'], string>> = { appeared: 'new', disappeared: 'gone', changed: 'changed' };

/** One line per leaf that differs: `branch node-1 ipvs 10.0.0.5:80 (gone): 33.3% DELIVERED → none`. */
function branchLines(base: FlowOutcome, target: FlowOutcome, paint: Paint): string[] {
  return branchChanges(base, target).map(
    (c) =>
      `branch ${c.choices === '' ? '(no choice)' : c.choices} (${BRANCH_CHANGE[c.change]}): ${leafText(c.base, paint)} → ${leafText(c.target, paint)}`,
  );
}

/** The lines under a changed flow: what moved, the reply's fate, errors in full, diagnoses gained or lost, the branches that differ. */
function flowDetails(flow: ChangedFlow, paint: Paint): string[] {
  const { base, target } = flow;
  const lines: string[] = [];
  for (const [side, result] of [
    ['base', base],
    ['target', target],
  ] as const) {
    if (isFlowError(result)) lines.push(`${side}: ${result.error}: ${result.message}`);
  }
  if (isFlowError(base) || isFlowError(target)) return lines;
  const header = outcomeChanges(base, target);
  if (header.length > 0) lines.push(header.join(', '));
  if (base.reply !== undefined || target.reply !== undefined) {
    const reply = outcomeChanges(base.reply, target.reply);
    lines.push(`reply ${fate(base.reply, paint)} → ${fate(target.reply, paint)}${reply.length > 0 ? `, ${reply.join(', ')}` : ''}`);
  }
  const gained = target.diagnosis.filter((d) => !base.diagnosis.includes(d));
  const lost = base.diagnosis.filter((d) => !target.diagnosis.includes(d));
  if (gained.length > 0) lines.push(`diagnosis now ${gained.join(', ')}`);
  if (lost.length > 0) lines.push(`diagnosis no longer ${lost.join(', ')}`);
  lines.push(...branchLines(base, target, paint));
  return lines;
}

function formatFlow(flow: ChangedFlow, paint: Paint): string[] {
  const label = flow.label ?? `flow ${flow.index + 1} from ${flow.from}`;
  const head = `  ${paint('bold', label)}  ${fate(flow.base, paint)} → ${fate(flow.target, paint)}  ${paint('dim', `changed: ${flow.changes.join(', ')}`)}`;
  return [head, ...flowDetails(flow, paint).map((line) => `      ${paint('yellow', line)}`)];
}

function causeHeading(cause: Cause, count: number, paint: Paint): string {
  const where = cause.host === '' ? '' : ` on ${cause.host}`;
  return `${paint('bold', 'cause')} ${paint('magenta', cause.kind)}${where}: ${cause.description}  ${paint('dim', `(${plural(count, 'flow')})`)}`;
}

function formatGroup(group: CauseGroup, paint: Paint): string[] {
  const lines = [causeHeading(group.cause, group.count, paint)];
  if (group.cause.base !== undefined) lines.push(`  base    ${paint('red', group.cause.base)}`);
  if (group.cause.target !== undefined) lines.push(`  target  ${paint('green', group.cause.target)}`);
  for (const flow of group.flows) lines.push(...formatFlow(flow, paint));
  return lines;
}

/** The behavioural section: the totals, then the changed flows by cause, largest group first. */
export function formatBehavioural(diff: BehaviouralDiff, paint: Paint): string[] {
  const { flows, unchanged, changed } = diff.totals;
  if (flows === 0) return [`${paint('bold', 'behaviour')} no flows to trace`];
  if (changed === 0) return [`${paint('bold', 'behaviour')} ${plural(flows, 'flow')}, no changes`];
  const lines = [
    `${paint('bold', 'behaviour')} ${plural(flows, 'flow')}: ${unchanged} unchanged, ${paint('yellow', `${changed} changed`)}`,
  ];
  for (const group of diff.groups) lines.push('', ...formatGroup(group, paint));
  return lines;
}
