import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';

/** The repository root, from apps/cli/dist/commands/ (where the compiled specs run). */
export const REPO_ROOT = resolve(__dirname, '../../../..');
export const EXAMPLES = resolve(REPO_ROOT, 'examples');
const BIN = resolve(REPO_ROOT, 'apps/cli/bin/hookpath.js');

export interface CliRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `hookpath <args>` as a child process, the way a user or CI does. */
export function runCli(args: string[], env: NodeJS.ProcessEnv = {}): CliRun {
  const base = { ...process.env };
  delete base.FORCE_COLOR;
  delete base.NO_COLOR;
  const result = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', env: { ...base, ...env }, timeout: 60_000 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}
