import { CaptureError, captureHost, HOST_COMMANDS, type HostCapture } from '../capture-host';
import type { Place } from '../run-command';
import { parseBatchOutput, prefetchedPlace } from './batch-script';
import { helperPodManifest, hostBatchScript, inPodNetns, inShell, kubectlCommands, runtimeCommands } from './kubectl-commands';
import type { KubectlResult, KubectlRunner } from './kubectl-runner';
import { nodePlace, podPlace, type HelperPod } from './helper-place';
import { parseCrictlPods, sandboxOf, sandboxPid, type Sandbox } from './runtime-sandboxes';

/** A pod asked for, as the API server describes it. */
export interface ClusterPod {
  namespace: string;
  name: string;
  uid: string;
  node: string;
  /** Its host folder (`<name>.<namespace>`, as kube-ovn names the pod's logical switch port). */
  host: string;
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
  | { host: string; role: 'node' | 'pod'; node: string; capture: HostCapture }
  | { host: string; role: 'node' | 'pod'; node: string; failure: string };

/** The first line kubectl printed on stderr, for a one-line reason. */
function reason(result: KubectlResult): string {
  const lines = result.stderr
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '');
  const detail = result.timedOut ? (lines.at(-1) ?? '') : (lines[0] ?? '');
  return `\`kubectl ${result.args.join(' ')}\` ${result.found ? `exited with status ${result.code}` : 'could not run'}${detail === '' ? '' : `: ${detail}`}`;
}

/** A helper pod name: `hookpath-<node>-<run id>`, within a DNS label's 63 characters. */
export function helperName(node: string, runId: string): string {
  const base = node
    .toLowerCase()
    .replace(/[^a-z0-9-]/g, '-')
    .slice(0, 63 - 'hookpath--'.length - runId.length)
    .replace(/-+$/, '');
  return `hookpath-${base}-${runId}`;
}

async function startHelper(kubectl: KubectlRunner, node: string, settings: HelperSettings): Promise<HelperPod | string> {
  const name = helperName(node, settings.runId);
  const manifest = helperPodManifest({
    name,
    node,
    image: settings.image,
    runId: settings.runId,
    deadlineSeconds: settings.deadlineSeconds,
  });
  const created = await kubectl.run(kubectlCommands.createHelper(settings.namespace), { stdin: `${JSON.stringify(manifest)}\n` });
  if (created.code !== 0) return `helper pod not created: ${reason(created)}`;
  const ready = await kubectl.run(kubectlCommands.waitReady(settings.namespace, name, settings.readySeconds), {
    timeoutMs: (settings.readySeconds + 30) * 1000,
  });
  if (ready.code !== 0) return `helper pod ${name} not ready within ${settings.readySeconds} s: ${reason(ready)}`;
  return { namespace: settings.namespace, name, node };
}

/**
 * The host's commands in one exec (batch-script.ts), answered from there. When the image cannot run
 * the script (no sh, mktemp or tar: the exec fails or prints no tar) the commands run one exec each;
 * when the batch was killed after its time, every command fails with that reason.
 */
async function batched(
  kubectl: KubectlRunner,
  helper: HelperPod,
  live: Place,
  wrap: (argv: readonly string[]) => string[],
  seconds: number,
): Promise<Place> {
  // Each command is bounded by `timeout` in the script; the exec as a whole only by their sum.
  const timeoutMs = (seconds * HOST_COMMANDS.length + 30) * 1000;
  const result = await kubectl.run(kubectlCommands.exec(helper.namespace, helper.name, wrap(inShell(hostBatchScript(seconds)))), {
    timeoutMs,
  });
  if (result.timedOut) {
    const why = `all of the host's commands in one exec: ${reason(result)}`;
    return { label: live.label, run: () => Promise.resolve({ found: true, code: result.code, stdout: '', stderr: why }) };
  }
  if (result.code !== 0) return live;
  const results = await parseBatchOutput(result.stdoutBytes).catch(() => null);
  return results === null || results.size === 0 ? live : prefetchedPlace(live, HOST_COMMANDS, results);
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

async function capturePod(
  kubectl: KubectlRunner,
  helper: HelperPod,
  pod: ClusterPod,
  sandboxes: Sandbox[],
  settings: HelperSettings,
): Promise<HostOutcome> {
  const fail = (failure: string): HostOutcome => ({ host: pod.host, role: 'pod', node: helper.node, failure });
  const sandbox = sandboxOf(sandboxes, pod);
  if (sandbox === undefined)
    return fail(`no ready sandbox of pod ${pod.namespace}/${pod.name} (uid ${pod.uid}) in the container runtime of node ${helper.node}`);
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
  const result = await capture(() => captureHost(place));
  return typeof result === 'string' ? fail(result) : { host: pod.host, role: 'pod', node: helper.node, capture: result };
}

/**
 * One node and the pods asked for on it, through a helper pod on that node: create it, wait until
 * it is ready, capture the node, find each pod's sandbox process with the runtime, capture the pod.
 * Whatever fails is an outcome with its reason; the helper pod is left for the run's cleanup.
 */
export async function captureNode(
  kubectl: KubectlRunner,
  node: string,
  pods: readonly ClusterPod[],
  settings: HelperSettings,
): Promise<HostOutcome[]> {
  const helper = await startHelper(kubectl, node, settings);
  if (typeof helper === 'string') {
    return [
      { host: node, role: 'node', node, failure: helper },
      ...pods.map((p): HostOutcome => ({ host: p.host, role: 'pod', node, failure: `node ${node}: ${helper}` })),
    ];
  }
  const live = nodePlace(kubectl, helper);
  const place = await batched(kubectl, helper, live, (argv) => [...argv], settings.commandSeconds);
  const nodeCapture = await capture(() => captureHost(place));
  const outcomes: HostOutcome[] = [
    typeof nodeCapture === 'string'
      ? { host: node, role: 'node', node, failure: nodeCapture }
      : { host: node, role: 'node', node, capture: nodeCapture },
  ];
  if (pods.length === 0) return outcomes;
  const sandboxes = await captureRuntimeSandboxes(kubectl, helper);
  if (typeof sandboxes === 'string')
    return [...outcomes, ...pods.map((p): HostOutcome => ({ host: p.host, role: 'pod', node, failure: sandboxes }))];
  outcomes.push(...(await Promise.all(pods.map((pod) => capturePod(kubectl, helper, pod, sandboxes, settings)))));
  return outcomes;
}
