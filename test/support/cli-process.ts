import { spawn } from 'node:child_process';

/** What a CLI child process printed, and how it ended. */
export interface CliRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

/**
 * A CLI script of this repository run with node as a child process, asynchronous on purpose: the API
 * under test runs in this process, and a synchronous spawn would stop it from answering the CLI.
 * `env` is laid over this process's environment without the API settings in `clear` (an undefined
 * value leaves a name out); the run is killed after two minutes.
 */
export function runCli(
  script: string,
  args: readonly string[],
  env: Record<string, string | undefined>,
  clear: readonly string[] = ['HOOKPATH_API_URL', 'HOOKPATH_TOKEN'],
): Promise<CliRun> {
  const base: NodeJS.ProcessEnv = { ...process.env };
  for (const name of clear) delete base[name];
  for (const [name, value] of Object.entries(env)) if (value !== undefined) base[name] = value;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script, ...args], { env: base, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    const timer = setTimeout(() => child.kill('SIGKILL'), 120_000);
    child.on('error', reject);
    child.on('close', (status) => {
      clearTimeout(timer);
      resolve({ status, stdout, stderr });
    });
  });
}
