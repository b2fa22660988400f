import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import type { Trace, TraceStep } from '@hookpath/engine';
import { ROOT } from '../support/paths';

export const EXAMPLES = resolve(ROOT, 'examples');
const BIN = resolve(ROOT, 'apps/cli/bin/hookpath.js');

function run(args: string[]): string {
  const env = { ...process.env };
  delete env.FORCE_COLOR;
  delete env.NO_COLOR;
  const r = spawnSync(process.execPath, [BIN, 'trace', ...args], { encoding: 'utf8', env, timeout: 60_000 });
  assert.equal(r.status, 0, `hookpath trace ${args.join(' ')}: status ${String(r.status)}\n${r.stderr}`);
  return r.stdout;
}

/** `hookpath trace <snapshot> <args> --json`, parsed. */
export function traceJson(snapshot: string, args: string[]): Trace {
  return JSON.parse(run([snapshot, ...args, '--json'])) as Trace;
}

/** `hookpath trace <snapshot> <args>` as a person reads it (no colour: stdout is not a terminal). */
export function traceText(snapshot: string, args: string[]): string {
  return run([snapshot, ...args]);
}

/** The netfilter steps of one host as `table/chain verdict`, in order. */
export function netfilterPath(t: Trace | undefined, host: string): string[] {
  return (t?.steps ?? []).filter((s) => s.host === host && s.kind === 'netfilter').map((s) => `${s.table ?? ''}/${s.chain ?? ''} ${s.verdict ?? ''}`);
}

export function stepsOf(t: Trace | undefined, host: string, kind: TraceStep['kind']): TraceStep[] {
  return (t?.steps ?? []).filter((s) => s.host === host && s.kind === kind);
}

export function codes(t: Trace | undefined): string[] {
  return (t?.diagnosis ?? []).map((d) => d.code);
}
