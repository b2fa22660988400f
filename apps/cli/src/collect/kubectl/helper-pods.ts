import type { HelperSettings } from './capture-node';
import type { HelperPod } from './helper-place';
import { FIRST_WAIT_SECONDS, helperPodList, helperPodManifest, kubectlCommands } from './kubectl-commands';
import type { KubectlResult, KubectlRunner } from './kubectl-runner';

/** A helper pod name: `hookpath-<node>-<run id>`, within a DNS label's 63 characters. */
export function helperName(node: string, runId: string): string {
  const base = node
    .toLowerCase()
    .replace(/[^a-z0-9-]/g, '-')
    .slice(0, 63 - 'hookpath--'.length - runId.length)
    .replace(/-+$/, '');
  return `hookpath-${base}-${runId}`;
}

const escape = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The pods kubectl names on stdout, each line `pod/<name>` then `suffix` (`create -o name`: none; `wait`: ` condition met`). */
function named(stdout: string, suffix: string): Set<string> {
  const names = new Set<string>();
  for (const line of stdout.split('\n')) {
    const m = /^pods?\/(\S+)(.*)$/.exec(line.trim());
    if (m?.[1] !== undefined && m[2] === suffix) names.add(m[1]);
  }
  return names;
}

/**
 * What kubectl said about one pod of a command on several: the stderr line that names it
 * (`pods "<name>"`, `pods/<name>`), else the first line (an error about them all), else, for a
 * kubectl killed after its time, why.
 */
function about(result: KubectlResult, name: string): string {
  const lines = result.stderr
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '');
  const own = new RegExp(`(^|[\\s"/])${escape(name)}($|[\\s"])`);
  const detail = lines.find((l) => own.test(l)) ?? (result.timedOut ? lines.at(-1) : lines[0]) ?? '';
  return detail === '' ? '' : `: ${detail}`;
}

const status = (result: KubectlResult): string => (result.found ? `exited with status ${result.code}` : 'could not run');

interface Waited {
  /** The pods kubectl reported ready, in the wait or in the check without waiting after it. */
  met: Set<string>;
  result: KubectlResult;
  description: string;
}

/**
 * One `kubectl wait` of `pods`; kubectl waits for them one after another under one deadline and,
 * once a pod has timed out, reports every later one as timed out too, so the pods it did not report
 * ready are checked once more with `--timeout=0s` (once, without waiting).
 */
async function waitReady(kubectl: KubectlRunner, namespace: string | undefined, pods: string[], seconds: number): Promise<Waited> {
  const result = await kubectl.run(kubectlCommands.waitReady(namespace, pods, seconds), { timeoutMs: (seconds + 30) * 1000 });
  const met = named(result.stdout, ' condition met');
  const unconfirmed = pods.filter((name) => !met.has(name));
  if (unconfirmed.length > 0) {
    const again = await kubectl.run(kubectlCommands.waitReady(namespace, unconfirmed, 0));
    for (const name of named(again.stdout, ' condition met')) met.add(name);
  }
  const description = `\`kubectl wait --for=condition=Ready\` of ${pods.length} helper pod${pods.length === 1 ? '' : 's'} (--timeout=${seconds}s)`;
  return { met, result, description };
}

/**
 * Every node's helper pod (`helperPodManifest`), created with one `kubectl create` of a List: each
 * node's pod, or why it has none, as soon as that is known. kubectl creates each item of the List
 * on its own (a refused one is an error line naming it, the rest are created). The pods are waited
 * for at most FIRST_WAIT_SECONDS in one wait; those not ready by then in a second one, for the rest
 * of `--ready-timeout`, so that one node that never gets its pod delays no other node.
 */
export async function startHelpers(
  kubectl: KubectlRunner,
  nodes: readonly string[],
  settings: HelperSettings,
): Promise<Map<string, Promise<HelperPod | string>>> {
  const started = new Map<string, Promise<HelperPod | string>>();
  if (nodes.length === 0) return started;
  const names = nodes.map((node) => ({ node, name: helperName(node, settings.runId) }));
  const list = helperPodList(
    names.map(({ node, name }) =>
      helperPodManifest({ name, node, image: settings.image, runId: settings.runId, deadlineSeconds: settings.deadlineSeconds }),
    ),
  );
  const created = await kubectl.run(kubectlCommands.createHelpers(settings.namespace), { stdin: `${JSON.stringify(list)}\n` });
  const made = named(created.stdout, '');
  for (const { node, name } of names)
    if (!made.has(name))
      started.set(
        node,
        Promise.resolve(`helper pod not created: \`kubectl ${created.args.join(' ')}\` ${status(created)}${about(created, name)}`),
      );
  const waiting = names.filter(({ name }) => made.has(name));
  if (waiting.length === 0) return started;

  const seconds = settings.readySeconds;
  const firstSeconds = Math.min(seconds, FIRST_WAIT_SECONDS);
  const pod = (node: string, name: string): HelperPod => ({ namespace: settings.namespace, name, node });
  const notReady = (name: string, waited: Waited): string =>
    `helper pod ${name} not ready within ${seconds} s: ${waited.description} ${status(waited.result)}${about(waited.result, name)}`;
  const first = await waitReady(
    kubectl,
    settings.namespace,
    waiting.map(({ name }) => name),
    firstSeconds,
  );
  const late = waiting.filter(({ name }) => !first.met.has(name));
  const second =
    late.length > 0 && seconds > firstSeconds
      ? waitReady(
          kubectl,
          settings.namespace,
          late.map(({ name }) => name),
          seconds - firstSeconds,
        )
      : Promise.resolve(first);
  for (const { node, name } of waiting) {
    started.set(
      node,
      first.met.has(name)
        ? Promise.resolve(pod(node, name))
        : second.then((waited) => (waited.met.has(name) ? pod(node, name) : notReady(name, waited))),
    );
  }
  return started;
}
