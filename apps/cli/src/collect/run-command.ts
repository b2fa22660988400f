import { execFile } from 'node:child_process';
import { access, constants } from 'node:fs/promises';
import { delimiter, join } from 'node:path';

export interface CommandResult {
  /** False when the program is not installed: the capture of that file is skipped. */
  found: boolean;
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Where a capture runs: how one command is run there, and how the place is named in messages.
 * `localPlace` is a network namespace of this machine; a cluster's node or pod is reached through
 * kubectl (kubectl/remote-place.ts).
 */
export interface Place {
  readonly label: string;
  run(argv: readonly string[]): Promise<CommandResult>;
}

const MAX_OUTPUT = 512 * 1024 * 1024;

/** The first executable file called `program` on PATH, or null. */
export async function findProgram(program: string, path = process.env.PATH ?? ''): Promise<string | null> {
  for (const dir of path.split(delimiter)) {
    if (dir === '') continue;
    const candidate = join(dir, program);
    const ok = await access(candidate, constants.X_OK).then(
      () => true,
      () => false,
    );
    if (ok) return candidate;
  }
  return null;
}

/**
 * A network namespace of this machine: `netns` by name (`ip netns exec`), or null for the collector's
 * own. `ip netns exec` also remounts /sys for the namespace, so every
 * command (and `sysctl -a` reading /proc/sys/net) sees that namespace's view. The C locale keeps
 * the output in the spelling the parsers expect.
 */
async function runLocal(netns: string | null, argv: readonly string[]): Promise<CommandResult> {
  const [program, ...args] = argv;
  if (program === undefined) throw new Error('runIn: empty command');
  if ((await findProgram(program)) === null) return { found: false, code: 127, stdout: '', stderr: `${program}: not installed` };
  const full = netns === null ? [program, ...args] : ['ip', 'netns', 'exec', netns, program, ...args];
  const [file, ...rest] = full as [string, ...string[]];
  return new Promise((resolve) => {
    execFile(file, rest, { encoding: 'utf8', maxBuffer: MAX_OUTPUT, env: { ...process.env, LC_ALL: 'C' } }, (error, stdout, stderr) => {
      const code = error === null ? 0 : typeof error.code === 'number' ? error.code : 1;
      resolve({ found: true, code, stdout, stderr });
    });
  });
}

export function localPlace(netns: string | null): Place {
  return { label: netns === null ? 'the current namespace' : `namespace ${netns}`, run: (argv) => runLocal(netns, argv) };
}

/** Runs `argv` inside the place. */
export function runIn(place: Place, argv: readonly string[]): Promise<CommandResult> {
  return place.run(argv);
}
