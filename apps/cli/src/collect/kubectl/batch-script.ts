import { extract } from 'tar-stream';
import type { CommandResult, Place } from '../run-command';

/** A shell word: left bare when it holds no character the shell would read. */
const quote = (arg: string): string => (/^[A-Za-z0-9_./=:,+@%-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`);

/**
 * One POSIX shell script that runs every command of a host in a single `kubectl exec`, instead of
 * one exec per command (an exec costs a round trip to the API server and the kubelet): each command
 * runs under `timeout <seconds>` (where the image has it) in the C locale, its stdout, stderr and
 * status go to files of a temporary folder, and the script prints that folder as a tar, which keeps
 * every output byte for byte. A program that is not installed gets status 127 and
 * `<program>: not installed`. `guards` maps a command's index to the one that must have succeeded
 * before it runs (ipvsadm after the /proc/net/ip_vs probe).
 */
export function batchScript(
  commands: readonly (readonly string[])[],
  seconds: number | string,
  guards: ReadonlyMap<number, number> = new Map(),
): string {
  return [
    'd=$(mktemp -d) || exit 1',
    'run() {',
    '  n=$1; shift',
    '  if ! command -v "$1" >/dev/null 2>&1; then echo 127 >"$d/$n.rc"; echo "$1: not installed" >"$d/$n.err"; : >"$d/$n.out"; return; fi',
    `  if command -v timeout >/dev/null 2>&1; then LC_ALL=C timeout ${seconds} "$@" >"$d/$n.out" 2>"$d/$n.err"; else LC_ALL=C "$@" >"$d/$n.out" 2>"$d/$n.err"; fi`,
    '  rc=$?; echo $rc >"$d/$n.rc"',
    `  if [ $rc = 124 ]; then echo "killed after ${seconds} s without finishing" >>"$d/$n.err"; fi`,
    '}',
    ...commands.map((argv, i) => {
      const guard = guards.get(i);
      const run = `run ${i} ${argv.map(quote).join(' ')}`;
      return guard === undefined ? run : `[ "$(cat "$d/${guard}.rc")" = 0 ] && ${run}`;
    }),
    'cd "$d" && tar -cf - . ; rc=$?; cd / && rm -rf "$d"; exit $rc',
    '',
  ].join('\n');
}

/**
 * The tar the script prints: each command's result, by index. A command a guard skipped, or whose
 * files are not all there, has none (the caller then runs it on its own).
 */
export async function parseBatchOutput(tar: Buffer): Promise<Map<number, CommandResult>> {
  const parts = new Map<number, { out?: string; err?: string; rc?: string }>();
  const reader = extract();
  reader.end(tar);
  for await (const entry of reader) {
    const chunks: Buffer[] = [];
    for await (const chunk of entry) chunks.push(chunk as Buffer);
    const m = /^(?:\.\/)?(\d+)\.(out|err|rc)$/.exec(entry.header.name);
    if (m === null || entry.header.type !== 'file') continue;
    const part = parts.get(Number(m[1])) ?? {};
    part[m[2] as 'out' | 'err' | 'rc'] = Buffer.concat(chunks).toString('utf8');
    parts.set(Number(m[1]), part);
  }
  const results = new Map<number, CommandResult>();
  for (const [i, { out, err, rc }] of parts) {
    const code = Number(rc?.trim());
    if (out === undefined || err === undefined || rc === undefined || !Number.isInteger(code)) continue;
    results.set(i, { found: !(code === 127 && / not installed\n?$/.test(err)), code, stdout: out, stderr: err });
  }
  return results;
}

/** A place whose commands were run ahead in one batch: answers from it, runs anything else live. */
export function prefetchedPlace(live: Place, commands: readonly (readonly string[])[], results: ReadonlyMap<number, CommandResult>): Place {
  const key = (argv: readonly string[]): string => argv.join('\u0000');
  const index = new Map(commands.map((argv, i) => [key(argv), i]));
  return {
    label: live.label,
    run: (argv) => {
      const i = index.get(key(argv));
      const result = i === undefined ? undefined : results.get(i);
      return result === undefined ? live.run(argv) : Promise.resolve(result);
    },
  };
}
