import type { FlowSetQuestion, TraceQuestion } from './report-document';
import { shellCommand } from './shell-quote';

/** `hookpath trace <snapshot> --from ... --src ... --dst ...`: the command line that traces the same packet again. */
export function traceCommand(snapshot: string, q: TraceQuestion): string {
  const words = ['hookpath', 'trace', snapshot, '--from', q.from, '--src', q.src, '--dst', q.dst, '-p', q.proto];
  if (q.sport !== undefined) words.push('--sport', String(q.sport));
  if (q.dport !== undefined) words.push('--dport', String(q.dport));
  if (q.icmpId !== undefined) words.push('--icmp-id', String(q.icmpId));
  if (q.mark !== undefined) words.push('--mark', `0x${q.mark.toString(16)}`);
  if (q.backend !== undefined) words.push('--backend', q.backend);
  if (q.choose !== undefined) words.push('--choose', q.choose);
  if (q.roundTrip === true) words.push('--round-trip');
  return shellCommand(words);
}

function flowSetOptions(q: FlowSetQuestion): string[] {
  const words: string[] = [];
  for (const generator of q.generators) words.push('--generator', generator);
  if (q.flows > 0) words.push('--flows', 'flows.json');
  if (q.expect !== undefined) words.push('--expect', q.expect);
  if (q.branches !== undefined) words.push('--branches', q.branches);
  if (q.roundTrip === true) words.push('--round-trip');
  return words;
}

/** `hookpath submit batch --snapshot <id> ...` (`flows.json`: the request's flows). */
export function batchCommand(q: FlowSetQuestion): string {
  return shellCommand(['hookpath', 'submit', 'batch', '--snapshot', q.snapshotId ?? '', ...flowSetOptions(q), '--wait']);
}

/** `hookpath submit diff --base <id> --target <id> ...`. */
export function diffCommand(q: FlowSetQuestion): string {
  return shellCommand([
    'hookpath',
    'submit',
    'diff',
    '--base',
    q.baseSnapshotId ?? '',
    '--target',
    q.targetSnapshotId ?? '',
    ...flowSetOptions(q),
    '--wait',
  ]);
}
