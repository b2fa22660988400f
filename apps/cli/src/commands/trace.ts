import type { SnapshotModel } from '@hookpath/model';
import { simulate, TraceRequestError, type Trace } from '@hookpath/engine';
import { parseSnapshot } from '@hookpath/parsers';
import { readSnapshotPath } from '@hookpath/snapshot-io';
import { EXIT_OK, EXIT_USAGE, UsageError } from '../cli-error';
import { formatIssue } from '../format-issue';
import { ansi, colourEnabled, formatBranches, formatBranchInFull, formatTraceText, plain, type Paint } from '../trace-format';
import { parseTraceArgs, TRACE_USAGE } from './trace-args';

export { TRACE_USAGE };

/** `<host>` or `<host>:<iface>` must name what the snapshot holds; `ovn:<port>` is the engine's to check. */
function checkPlace(model: SnapshotModel, from: string): void {
  if (from.startsWith('ovn:')) return;
  const colon = from.indexOf(':');
  const hostName = colon < 0 ? from : from.slice(0, colon);
  const iface = colon < 0 ? null : from.slice(colon + 1);
  const host = model.hosts.find((h) => h.name === hostName);
  if (host === undefined) {
    const known = model.hosts.map((h) => h.name).join(', ');
    throw new UsageError(`--from ${from}: the snapshot has no host ${JSON.stringify(hostName)} (hosts: ${known === '' ? 'none' : known})`);
  }
  if (iface !== null && host.interfaces !== null && !host.interfaces.some((i) => i.name === iface)) {
    throw new UsageError(
      `--from ${from}: host ${hostName} has no interface ${JSON.stringify(iface)} (interfaces: ${host.interfaces.map((i) => i.name).join(', ')})`,
    );
  }
}

/** `hookpath trace`: one packet through the snapshot, as a readable step list or one JSON document. */
export async function runTrace(args: string[]): Promise<number> {
  const options = parseTraceArgs(args);
  const files = await readSnapshotPath(options.snapshot);
  // every line is read for its errors; a chain's rules are parsed when the packet reaches them
  const { model, errors } = parseSnapshot(files, { iptablesRules: 'lazy' });
  if (errors.length > 0) {
    for (const e of errors) process.stderr.write(`error: ${formatIssue(e)}\n`);
    process.stderr.write(
      `hookpath: ${options.snapshot}: ${errors.length} error(s); fix the files named above (hookpath validate lists them too)\n`,
    );
    return EXIT_USAGE;
  }
  checkPlace(model, options.from);
  let trace;
  try {
    trace = simulate(
      model,
      { from: options.from, packet: options.packet },
      {
        roundTrip: options.roundTrip,
        ...(options.backend === undefined ? {} : { backend: options.backend }),
        ...(options.choose === undefined ? {} : { choose: options.choose }),
      },
    );
  } catch (error) {
    if (error instanceof TraceRequestError) throw new UsageError(error.message);
    throw error;
  }
  if (options.json) {
    process.stdout.write(`${JSON.stringify(trace, null, 2)}\n`);
    return EXIT_OK;
  }
  const ignored = model.warnings.filter((w) => w.message.startsWith('not part of the snapshot layout'));
  for (const w of model.warnings) if (!ignored.includes(w)) process.stderr.write(`warning: ${formatIssue(w)}\n`);
  if (ignored.length > 0)
    process.stderr.write(
      `note: ${ignored.length} file(s) outside the snapshot layout ignored (${ignored.map((w) => w.file).join(', ')})\n`,
    );
  const balanced = (step: Trace['steps'][number]): boolean =>
    step.kind === 'ipvs' ||
    step.verdict === 'DNAT' ||
    step.stage === 'ls_in_lb' ||
    (step.stage === 'lr_in_dnat' && step.object?.table === 'Load_Balancer');
  if (options.backend !== undefined && !trace.steps.some(balanced)) {
    process.stderr.write(
      `note: --backend ${options.backend} was not used: the packet met no IPVS virtual service, no OVN load balancer and no DNAT\n`,
    );
  }
  const paint = colourEnabled(process.env, process.stdout.isTTY === true) ? ansi : plain;
  const branches = formatBranches(trace, paint, options.branch);
  process.stdout.write(
    `${shownInFull(trace, options.from, options.branch, paint)}${branches.length === 0 ? '' : `\n${branches.join('\n')}\n`}`,
  );
  return EXIT_OK;
}

/** The trace the text output shows in full: the most likely leaf, the leaf `--branch N` names, or each leaf. */
function shownInFull(trace: Trace, from: string, branch: number | 'all' | undefined, paint: Paint): string {
  if (branch === undefined) return formatTraceText(trace, from, paint);
  const count = trace.branches?.length ?? 0;
  if (count === 0)
    throw new UsageError(`--branch ${branch}: this trace met no choice the snapshot leaves open, so it has one path and no branches`);
  if (branch === 'all') return Array.from({ length: count }, (_, i) => formatBranchInFull(trace, i, from, paint)).join('\n');
  if (branch > count) throw new UsageError(`--branch ${branch}: the trace lists ${count} path${count === 1 ? '' : 's'} (1-${count})`);
  return formatBranchInFull(trace, branch - 1, from, paint);
}
