import { CaptureError, captureHost, HOST_COMMANDS, type HostCapture } from '../capture-host';
import type { Place } from '../run-command';
import { batchResults, batchStatus, prefetchedPlace, readBatchTar } from './batch-script';
import {
  hostBatchScript,
  INSPECT_FILE,
  inPodNetns,
  inShell,
  kubectlCommands,
  NODE_COMMANDS,
  NODE_FOLDER,
  NODE_OVS,
  nodeBatchScript,
  PID_FILE,
  podFolder,
  runtimeCommands,
} from './kubectl-commands';
import type { KubectlResult, KubectlRunner } from './kubectl-runner';
import { nodePlace, podPlace, type HelperPod } from './helper-place';
import { parseCrictlPods, sandboxOf, sandboxPid, sandboxPids, type Sandbox } from './runtime-sandboxes';

/** A pod asked for, as the API server describes it. */
export interface ClusterPod {
  namespace: string;
  name: string;
  uid: string;
  node: string;
  /** Its host folder (`<name>.<namespace>`, as kube-ovn names the pod's logical switch port). */
  host: string;
  /** `gateway`: a kube-ovn VpcNatGateway pod, found without being asked for. */
  role: 'pod' | 'gateway';
}

/** How one run places its helper pods. */
export interface HelperSettings {
  namespace: string | undefined;
  image: string;
  runId: string;
  readySeconds: number;
  deadlineSeconds: number;
  /** --timeout: each command's, in the batch script and for kubectl. */
  commandSeconds: number;
}

/** One host of the snapshot: its files, or why it was not captured. */
export type HostOutcome =
  | { host: string; role: 'node' | 'pod' | 'gateway'; node: string; capture: HostCapture }
  | { host: string; role: 'node' | 'pod' | 'gateway'; node: string; failure: string };

/** The first line kubectl printed on stderr, for a one-line reason. */
function reason(result: KubectlResult): string {
  const lines = result.stderr
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '');
  const detail = result.timedOut ? (lines.at(-1) ?? '') : (lines[0] ?? '');
  return `\`kubectl ${result.args.join(' ')}\` ${result.found ? `exited with status ${result.code}` : 'could not run'}${detail === '' ? '' : `: ${detail}`}`;
}

/** A place whose every command fails with `why` (its batch was killed after its time). */
const failingPlace = (live: Place, why: string): Place => ({
  label: live.label,
  run: () => Promise.resolve({ found: true, code: 124, stdout: '', stderr: why }),
});

/**
 * A script's run (batch-script.ts): the tar's files; `null` when the image cannot run it (no sh,
 * mktemp or tar: the exec fails or prints no tar), then the commands run one exec each; a string
 * when it was killed after its time, then every command fails with that reason.
 */
async function runBatch(
  kubectl: KubectlRunner,
  helper: HelperPod,
  argv: readonly string[],
  timeoutMs: number,
): Promise<Map<string, string> | string | null> {
  const result = await kubectl.run(kubectlCommands.exec(helper.namespace, helper.name, argv), { timeoutMs });
  if (result.timedOut) return `all of the host's commands in one exec: ${reason(result)}`;
  if (result.code !== 0) return null;
  const files = await readBatchTar(result.stdoutBytes).catch(() => null);
  return files === null || files.size === 0 ? null : files;
}

/** The place of one host of a batch: answered from its folder, else live. */
function batchedPlace(
  live: Place,
  batch: Map<string, string> | string | null,
  folder: string,
  commands: readonly (readonly string[])[] = HOST_COMMANDS,
): Place {
  if (batch === null) return live;
  if (typeof batch === 'string') return failingPlace(live, batch);
  const results = batchResults(batch, folder);
  return results.size === 0 ? live : prefetchedPlace(live, commands, results);
}

/** One host's commands in one exec (each bounded by `timeout` in the script; the exec as a whole by their sum). */
async function batched(
  kubectl: KubectlRunner,
  helper: HelperPod,
  live: Place,
  wrap: (argv: readonly string[]) => string[],
  seconds: number,
): Promise<Place> {
  const timeoutMs = (seconds * HOST_COMMANDS.length + 30) * 1000;
  return batchedPlace(live, await runBatch(kubectl, helper, wrap(inShell(hostBatchScript(seconds))), timeoutMs), 'host');
}

async function capture(run: () => Promise<HostCapture>): Promise<HostCapture | string> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof CaptureError) return error.message;
    throw error;
  }
}

async function captureRuntimeSandboxes(kubectl: KubectlRunner, helper: HelperPod): Promise<Sandbox[] | string> {
  const listed = await kubectl.run(kubectlCommands.exec(helper.namespace, helper.name, runtimeCommands.listSandboxes()));
  if (listed.code !== 0) return `the container runtime's pods could not be listed: ${reason(listed)}`;
  try {
    return parseCrictlPods(listed.stdout);
  } catch (error) {
    return `\`crictl pods -o json\` printed what is not its JSON: ${error instanceof Error ? error.message : String(error)}`;
  }
}

async function captureInPod(helper: HelperPod, pod: ClusterPod, place: Place): Promise<HostOutcome> {
  const result = await capture(() => captureHost(place));
  return typeof result === 'string'
    ? { host: pod.host, role: pod.role, node: helper.node, failure: result }
    : { host: pod.host, role: pod.role, node: helper.node, capture: result };
}

/** A pod on its own: its sandbox inspected in one exec, its commands in another (when the node's batch did not answer for it). */
async function capturePod(
  kubectl: KubectlRunner,
  helper: HelperPod,
  pod: ClusterPod,
  sandbox: Sandbox,
  settings: HelperSettings,
): Promise<HostOutcome> {
  const fail = (failure: string): HostOutcome => ({ host: pod.host, role: pod.role, node: helper.node, failure });
  const inspected = await kubectl.run(kubectlCommands.exec(helper.namespace, helper.name, runtimeCommands.inspectSandbox(sandbox.id)));
  if (inspected.code !== 0) return fail(`its sandbox could not be inspected: ${reason(inspected)}`);
  let pid: number | null;
  try {
    pid = sandboxPid(inspected.stdout);
  } catch {
    pid = null;
  }
  if (pid === null) return fail(`\`crictl inspectp ${sandbox.id}\` gives no process id (info.pid) for the sandbox`);
  const live = podPlace(kubectl, helper, `${pod.namespace}/${pod.name}`, pid);
  const place = await batched(kubectl, helper, live, (argv) => inPodNetns(pid, argv), settings.commandSeconds);
  return captureInPod(helper, pod, place);
}

/** The process ids of `crictl inspectp` of all the batch's sandboxes, by sandbox id (none when it failed). */
function batchPids(files: Map<string, string>): Map<string, number | null> {
  const inspected = files.get(`${INSPECT_FILE}.out`);
  if (inspected === undefined || batchStatus(files).get('')?.get(INSPECT_FILE) !== 0) return new Map();
  try {
    return sandboxPids(inspected);
  } catch {
    return new Map();
  }
}

/**
 * The process id the node's batch used for its i-th sandbox, if `crictl inspectp`'s JSON agrees
 * (info.pid of that sandbox's status): the pod's own inspect when the script made one, else the one
 * of all the sandboxes (`all`, batchPids).
 */
function batchPid(files: Map<string, string>, all: ReadonlyMap<string, number | null>, i: number, sandboxId: string): number | null {
  const used = Number(files.get(`${podFolder(i)}/${PID_FILE}`)?.trim() ?? '');
  const own = files.get(`${podFolder(i)}/${INSPECT_FILE}.out`);
  if (own === undefined) return all.get(sandboxId) === used ? used : null;
  if (batchStatus(files).get(podFolder(i))?.get(INSPECT_FILE) !== 0) return null;
  try {
    return sandboxPid(own) === used ? used : null;
  } catch {
    return null;
  }
}

/**
 * One node and the pods asked for on it, through the helper pod on that node (helper-pods.ts; a
 * string: why there is none): list the runtime's sandboxes, then one exec for the node and all its
 * pods (each sandbox inspected and entered there: nodeBatchScript). A pod the batch did not answer
 * for is captured on its own. Whatever fails is an outcome with its reason; the helper pod is left
 * for the run's cleanup.
 */
export async function captureNode(
  kubectl: KubectlRunner,
  helper: HelperPod | string,
  node: string,
  pods: readonly ClusterPod[],
  settings: HelperSettings,
): Promise<HostOutcome[]> {
  if (typeof helper === 'string') {
    return [
      { host: node, role: 'node', node, failure: helper },
      ...pods.map((p): HostOutcome => ({ host: p.host, role: p.role, node, failure: `node ${node}: ${helper}` })),
    ];
  }
  const sandboxes = pods.length === 0 ? [] : await captureRuntimeSandboxes(kubectl, helper);
  const found = typeof sandboxes === 'string' ? [] : pods.flatMap((pod) => ({ pod, sandbox: sandboxOf(sandboxes, pod) }));
  const inBatch = found.flatMap(({ pod, sandbox }) => (sandbox === undefined ? [] : [{ pod, sandbox }]));
  const seconds = settings.commandSeconds;
  // Every command is bounded by `timeout` in the script: the node's, the inspect of all the sandboxes, each pod's and its own inspect.
  const timeoutMs = (seconds * (NODE_COMMANDS.length + 1 + (HOST_COMMANDS.length + 1) * inBatch.length) + 30) * 1000;
  const script = nodeBatchScript(
    seconds,
    inBatch.map((p) => p.sandbox.id),
  );
  const batch = await runBatch(kubectl, helper, inShell(script), timeoutMs);
  const nodeCapture = await capture(() =>
    captureHost(batchedPlace(nodePlace(kubectl, helper), batch, NODE_FOLDER, NODE_COMMANDS), NODE_OVS),
  );
  const outcomes: HostOutcome[] = [
    typeof nodeCapture === 'string'
      ? { host: node, role: 'node', node, failure: nodeCapture }
      : { host: node, role: 'node', node, capture: nodeCapture },
  ];
  if (typeof sandboxes === 'string')
    return [...outcomes, ...pods.map((p): HostOutcome => ({ host: p.host, role: p.role, node, failure: sandboxes }))];
  const inspected = batch instanceof Map ? { files: batch, pids: batchPids(batch) } : null;
  const podOutcomes = found.map(({ pod, sandbox }): Promise<HostOutcome> => {
    if (sandbox === undefined) {
      const failure = `no ready sandbox of pod ${pod.namespace}/${pod.name} (uid ${pod.uid}) in the container runtime of node ${node}`;
      return Promise.resolve({ host: pod.host, role: pod.role, node, failure });
    }
    if (typeof batch === 'string') return Promise.resolve({ host: pod.host, role: pod.role, node, failure: batch });
    const i = inBatch.findIndex((p) => p.pod === pod);
    const pid = inspected === null ? null : batchPid(inspected.files, inspected.pids, i, sandbox.id);
    if (pid !== null) {
      const live = podPlace(kubectl, helper, `${pod.namespace}/${pod.name}`, pid);
      return captureInPod(helper, pod, batchedPlace(live, batch, podFolder(i)));
    }
    return capturePod(kubectl, helper, pod, sandbox, settings);
  });
  outcomes.push(...(await Promise.all(podOutcomes)));
  return outcomes;
}
