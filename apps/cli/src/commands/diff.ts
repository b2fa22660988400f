import type { SnapshotModel } from '@hookpath/model';
import { behaviouralDiff, generateDiffFlows, structuralDiff, type DiffFlow } from '@hookpath/diff';
import { compileSnapshot } from '@hookpath/engine';
import { parseSnapshot } from '@hookpath/parsers';
import { readSnapshotPath } from '@hookpath/snapshot-io';
import { EXIT_OK, EXIT_USAGE, UsageError } from '../cli-error';
import { formatDiffText } from '../diff-format';
import { formatIssue } from '../format-issue';
import { ansi, colourEnabled, plain } from '../trace-format';
import { DIFF_USAGE, parseDiffArgs, type DiffArgs } from './diff-args';

export { DIFF_USAGE };

/** Exit status when at least one flow ends differently, so CI can gate a change on it. */
export const EXIT_BEHAVIOUR_CHANGED = 3;

/** The parsed model, or null after printing the parse errors (file, line, column) to stderr. */
async function loadModel(path: string): Promise<SnapshotModel | null> {
  const { model, errors } = parseSnapshot(await readSnapshotPath(path));
  if (errors.length === 0) return model;
  for (const e of errors) process.stderr.write(`error: ${formatIssue(e)}\n`);
  process.stderr.write(`hookpath: ${path}: ${errors.length} error(s); fix the files named above (hookpath validate lists them too)\n`);
  return null;
}

function printWarnings(path: string, model: SnapshotModel): void {
  const ignored = model.warnings.filter((w) => w.message.startsWith('not part of the snapshot layout'));
  for (const w of model.warnings) if (!ignored.includes(w)) process.stderr.write(`warning: ${path}: ${formatIssue(w)}\n`);
  if (ignored.length > 0)
    process.stderr.write(
      `note: ${path}: ${ignored.length} file(s) outside the snapshot layout ignored (${ignored.map((w) => w.file).join(', ')})\n`,
    );
}

/**
 * A --flow must start on a host one of the snapshots has (a host only the target has is a fair
 * question: the flow cannot be traced on the base, which the diff reports). `ovn:` ports are the engine's to check.
 */
function checkFlowPlaces(flows: readonly DiffFlow[], base: SnapshotModel, target: SnapshotModel): void {
  for (const flow of flows) {
    if (flow.from.startsWith('ovn:')) continue;
    const colon = flow.from.indexOf(':');
    const host = colon < 0 ? flow.from : flow.from.slice(0, colon);
    if (!base.hosts.some((h) => h.name === host) && !target.hosts.some((h) => h.name === host)) {
      const known = [...new Set([...base.hosts, ...target.hosts].map((h) => h.name))].sort().join(', ');
      throw new UsageError(
        `--flow ${JSON.stringify(flow.label ?? flow.from)}: neither snapshot has a host ${JSON.stringify(host)} (hosts: ${known === '' ? 'none' : known})`,
      );
    }
  }
}

/** The explicit flows, then the generators' flows over both snapshots; every one a round trip with --round-trip. */
function flowsOf(options: DiffArgs, base: SnapshotModel, target: SnapshotModel): DiffFlow[] {
  const flows: DiffFlow[] = [...options.flows, ...generateDiffFlows(base, target, options.generators)];
  return options.roundTrip ? flows.map((flow) => ({ ...flow, roundTrip: true })) : flows;
}

/** `hookpath diff`: what differs between two snapshots, and which flows it changes and why. */
export async function runDiff(args: string[]): Promise<number> {
  const options = parseDiffArgs(args);
  const base = await loadModel(options.base);
  if (base === null) return EXIT_USAGE;
  const target = await loadModel(options.target);
  if (target === null) return EXIT_USAGE;
  checkFlowPlaces(options.flows, base, target);
  const structural = structuralDiff(base, target);
  const behavioural = behaviouralDiff(compileSnapshot(base), compileSnapshot(target), flowsOf(options, base, target), { structural });
  const status = behavioural.totals.changed > 0 ? EXIT_BEHAVIOUR_CHANGED : EXIT_OK;
  if (options.json) {
    process.stdout.write(`${JSON.stringify({ structural, behavioural }, null, 2)}\n`);
    return status;
  }
  printWarnings(options.base, base);
  printWarnings(options.target, target);
  const paint = colourEnabled(process.env, process.stdout.isTTY === true) ? ansi : plain;
  process.stdout.write(formatDiffText(options.base, options.target, structural, behavioural, paint));
  return status;
}
