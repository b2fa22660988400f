import { extract } from 'tar-stream';
import type { CommandResult, Place } from '../run-command';

/** A shell word: left bare when it holds no character the shell would read. */
export const quote = (arg: string): string => (/^[A-Za-z0-9_./=:,+@%-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`);

/** Where a batch runs a list of commands, and how. */
export interface BatchTarget {
  /** Its folder in the tar ([a-z0-9-]+): `<folder>/<index>.out` and `.err`, and its lines of `status`. */
  folder: string;
  /** The commands, each run as given after `prefix`. */
  commands: readonly (readonly string[])[];
  /**
   * Shell text put before each command, already quoted (`nsenter -t "$pid" -n --` enters a pod's
   * network namespace); the program checked for is still the command's own.
   */
  prefix?: string;
  /** Shell lines run before the commands (they may set the variables `prefix` uses). */
  setup?: readonly string[];
  /** A shell test: the commands run only when it holds (none of them has a result otherwise). */
  when?: string;
  /** A command's index -> the one that must have succeeded before it runs (ipvsadm after the /proc/net/ip_vs probe). */
  guards?: ReadonlyMap<number, number>;
}

/** The file of a batch's tar (in its root) that holds each command's status, a line `<folder>/<index> <status>` per command run. */
export const STATUS_FILE = 'status';

/**
 * The shell function a batch runs each command with: `run <folder>/<index> <program> <argv...>`
 * writes the command's stdout to `$d/<folder>/<index>.out`, its stderr (when it wrote any) to
 * `.err`, and appends `<folder>/<index> <status>` to `$d/status`; the status is also left in `$rc`,
 * for a guard on the next command. It runs under `timeout <seconds>` (where the image has it) in the
 * C locale, and a program that is not installed gets status 127 and `<program>: not installed`.
 * stderr goes to one scratch file, copied only when not empty: one new file per command, not three
 * (creating files is much of a batch's cost on a file system that just deleted the last batch's).
 */
function runFunction(seconds: number | string): string[] {
  return [
    'run() {',
    '  n=$1; p=$2; shift 2',
    `  if ! command -v "$p" >/dev/null 2>&1; then rc=127; echo "$p: not installed" >"$d/$n.err"; : >"$d/$n.out"; echo "$n $rc" >>"$d/${STATUS_FILE}"; return; fi`,
    `  if command -v timeout >/dev/null 2>&1; then LC_ALL=C timeout ${seconds} "$@" >"$d/$n.out" 2>"$d/stderr"; else LC_ALL=C "$@" >"$d/$n.out" 2>"$d/stderr"; fi`,
    '  rc=$?',
    `  if [ $rc = 124 ]; then echo "killed after ${seconds} s without finishing" >>"$d/stderr"; fi`,
    '  if [ -s "$d/stderr" ]; then cat "$d/stderr" >"$d/$n.err"; fi',
    `  echo "$n $rc" >>"$d/${STATUS_FILE}"`,
    '}',
  ];
}

/** A guard: the command runs only when the one before it succeeded (`run` left its status in `$rc`). */
function guarded(run: string, index: number, guard: number | undefined): string {
  if (guard === undefined) return run;
  if (guard !== index - 1) throw new Error(`batch script: command ${index}'s guard must be the command before it, not ${guard}`);
  return `[ "$rc" = 0 ] && ${run}`;
}

/** The line that prints the tar of `$d` (without the scratch file), removes it and exits with tar's status. */
const TAR_LINE = 'rm -f "$d/stderr"; cd "$d" && tar -cf - . ; rc=$?; cd / && rm -rf "$d"; exit $rc';

/**
 * One POSIX shell script that runs the commands of several targets (a node and each of its pods) in
 * a single `kubectl exec`, instead of one exec per command (an exec costs a round trip to the API
 * server and the kubelet): each command runs under `timeout <seconds>` (where the image has it) in
 * the C locale, its stdout, stderr and status go to files of a temporary folder, a folder per target,
 * and the script prints that folder as a tar, which keeps every output byte for byte. A program
 * that is not installed gets status 127 and `<program>: not installed`.
 */
export function batchScript(targets: readonly BatchTarget[], seconds: number | string): string {
  const lines = ['d=$(mktemp -d) || exit 1', ...runFunction(seconds)];
  for (const target of targets) {
    const f = target.folder;
    lines.push(`mkdir "$d/${f}"`, ...(target.setup ?? []));
    const runs = target.commands.map((argv, i) => {
      const prefix = target.prefix === undefined || target.prefix === '' ? '' : `${target.prefix} `;
      return guarded(`run ${f}/${i} ${quote(argv[0] ?? '')} ${prefix}${argv.map(quote).join(' ')}`, i, target.guards?.get(i));
    });
    if (target.when === undefined) lines.push(...runs);
    else lines.push(`if ${target.when}; then`, ...runs.map((r) => `  ${r}`), 'fi');
  }
  lines.push(TAR_LINE, '');
  return lines.join('\n');
}

/** A list of commands run as one block: the commands, and which must have succeeded before another runs. */
export interface HostBlock {
  commands: readonly (readonly string[])[];
  /** A command's index -> the one that must have succeeded before it runs. */
  guards?: ReadonlyMap<number, number>;
}

/**
 * A host's commands as the text of one shell, run as `sh -c <text> sh <tar folder> <folder>`
 * (behind `nsenter -t <pid> -n --` for a pod, so that one nsenter enters the pod for all of them):
 * each command with `run`, as in `batchScript`, its files under `<tar folder>/<folder>/`.
 */
function hostBlockText(block: HostBlock, seconds: number | string): string {
  const runs = block.commands.map((argv, i) =>
    guarded(`run "$f/${i}" ${quote(argv[0] ?? '')} ${argv.map(quote).join(' ')}`, i, block.guards?.get(i)),
  );
  return [...runFunction(seconds), 'd=$1; f=$2', ...runs].join('\n');
}

/** How a node script finds and enters its pods (kubectl-commands.ts fills it in). */
export interface NodeScriptPlan {
  node: HostBlock;
  pods: HostBlock;
  /** The pods' sandbox ids, in the order of their folders. */
  sandboxIds: readonly string[];
  /** The runtime command that prints the status of several sandboxes (`crictl inspectp -o json <id>...`). */
  inspect: (ids: readonly string[]) => readonly string[];
  /** The node's own folder, and the i-th pod's. */
  nodeFolder: string;
  podFolder: (i: number) => string;
  /** The inspect output's name (in the tar's root for all the sandboxes, in a pod's folder for its own) and the pid file's. */
  inspectFile: string;
  pidFile: string;
  /** Shell text that runs a command in the network namespace of the process `$pid`. */
  enter: string;
}

/** `"pid": <n>` lines of crictl inspectp's JSON (info.pid), one per sandbox; the caller checks them against the JSON. */
const PID_LINES = `sed -n 's/^ *"pid": *\\([0-9][0-9]*\\),\\{0,1\\}$/\\1/p'`;

/**
 * A node and the pods on it in one script, with as few programs started per host as it takes: the
 * node's block in one shell; one `crictl inspectp` for every sandbox, whose `"pid"` lines give each
 * pod's process in order when there is one per sandbox (else each sandbox is inspected on its own,
 * its first `"pid"` line used); then each pod's block in one shell entered into the pod's network
 * namespace. The caller checks each process id against the JSON (info.pid of that sandbox's status)
 * and captures a pod on its own when it does not match.
 */
export function nodeScript(plan: NodeScriptPlan, seconds: number | string): string {
  const nodeText = hostBlockText(plan.node, seconds);
  const podText = hostBlockText(plan.pods, seconds);
  const podVar = podText === nodeText ? 'h' : 'hp';
  const folders = [plan.nodeFolder, ...plan.sandboxIds.map((_, i) => plan.podFolder(i))];
  const lines = [
    'd=$(mktemp -d) || exit 1',
    ...runFunction(seconds),
    `h=${quote(nodeText)}`,
    ...(podVar === 'hp' && plan.sandboxIds.length > 0 ? [`hp=${quote(podText)}`] : []),
    `mkdir ${folders.map((f) => `"$d/${f}"`).join(' ')}`,
    `sh -c "$h" sh "$d" ${plan.nodeFolder}`,
  ];
  const n = plan.sandboxIds.length;
  if (n > 0) {
    const all = plan.inspect(plan.sandboxIds);
    const out = `"$d/${plan.inspectFile}.out"`;
    lines.push(
      `run ${plan.inspectFile} ${quote(all[0] ?? '')} ${all.map(quote).join(' ')}`,
      `${PID_LINES} ${out} >"$d/pids"`,
      `if [ "$rc" = 0 ] && [ "$(wc -l <"$d/pids")" -eq ${n} ]; then exec 3<"$d/pids"; else exec 3</dev/null; fi`,
    );
    plan.sandboxIds.forEach((id, i) => {
      const f = plan.podFolder(i);
      const one = plan.inspect([id]);
      lines.push('pid=; read -r pid <&3');
      if (n > 1)
        lines.push(
          `[ -n "$pid" ] || { run ${f}/${plan.inspectFile} ${quote(one[0] ?? '')} ${one.map(quote).join(' ')}; pid=$(${PID_LINES} "$d/${f}/${plan.inspectFile}.out" | head -n 1); }`,
        );
      lines.push(`echo "$pid" >"$d/${f}/${plan.pidFile}"`, `[ -n "$pid" ] && ${plan.enter} sh -c "$${podVar}" sh "$d" ${f}`);
    });
    lines.push('exec 3<&-');
  }
  lines.push(TAR_LINE, '');
  return lines.join('\n');
}

/** The files of the tar the script prints, by path (`<folder>/<name>`). */
export async function readBatchTar(tar: Buffer): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  const reader = extract();
  reader.end(tar);
  for await (const entry of reader) {
    const chunks: Buffer[] = [];
    for await (const chunk of entry) chunks.push(chunk as Buffer);
    if (entry.header.type !== 'file') continue;
    files.set(entry.header.name.replace(/^\.\//, ''), Buffer.concat(chunks).toString('utf8'));
  }
  return files;
}

const statuses = new WeakMap<ReadonlyMap<string, string>, Map<string, Map<string, number>>>();

/**
 * The status of every command a batch ran, by folder and then by name in it (`<index>`, or the
 * runtime's `inspect`); the root's own commands under the folder `''`.
 */
export function batchStatus(files: ReadonlyMap<string, string>): Map<string, Map<string, number>> {
  let byFolder = statuses.get(files);
  if (byFolder !== undefined) return byFolder;
  byFolder = new Map();
  for (const line of (files.get(STATUS_FILE) ?? '').split('\n')) {
    const m = /^(?:([^/ ]+)\/)?([^/ ]+) (\d+)$/.exec(line);
    if (m?.[2] === undefined || m[3] === undefined) continue;
    const folder = m[1] ?? '';
    let names = byFolder.get(folder);
    if (names === undefined) byFolder.set(folder, (names = new Map()));
    names.set(m[2], Number(m[3]));
  }
  statuses.set(files, byFolder);
  return byFolder;
}

/**
 * One target's results, by command index. A command a guard or `when` skipped, or whose status or
 * output is not there, has none (the caller then runs it on its own); no `.err` is no stderr.
 */
export function batchResults(files: ReadonlyMap<string, string>, folder: string): Map<number, CommandResult> {
  const results = new Map<number, CommandResult>();
  for (const [name, code] of batchStatus(files).get(folder) ?? []) {
    if (!/^\d+$/.test(name)) continue;
    const out = files.get(`${folder}/${name}.out`);
    if (out === undefined) continue;
    const err = files.get(`${folder}/${name}.err`) ?? '';
    results.set(Number(name), { found: !(code === 127 && / not installed\n?$/.test(err)), code, stdout: out, stderr: err });
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
