import type { HelperSettings } from './capture-node';
import type { HelperPod } from './helper-place';
import { helperPodList, helperPodManifest, kubectlCommands } from './kubectl-commands';
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

/**
 * Every node's helper pod (`helperPodManifest`), created with one `kubectl create` of a List and
 * waited for with one `kubectl wait`: a node whose pod was refused or never became ready gets the
 * reason, the others their pod. kubectl creates each item of the List on its own (a refused one is
 * an error line naming it, the rest are created); `kubectl wait` waits for the pods one after
 * another under one deadline and, once a pod has timed out, reports every later one as timed out
 * too, so the pods it did not report ready are checked once more with `--timeout=0s` (once, without
 * waiting) before they count as not ready.
 */
export async function startHelpers(
  kubectl: KubectlRunner,
  nodes: readonly string[],
  settings: HelperSettings,
): Promise<Map<string, HelperPod | string>> {
  const started = new Map<string, HelperPod | string>();
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
      started.set(node, `helper pod not created: \`kubectl ${created.args.join(' ')}\` ${status(created)}${about(created, name)}`);
  const waiting = names.filter(({ name }) => made.has(name)).map(({ name }) => name);
  if (waiting.length === 0) return started;

  const seconds = settings.readySeconds;
  const ready = await kubectl.run(kubectlCommands.waitReady(settings.namespace, waiting, seconds), { timeoutMs: (seconds + 30) * 1000 });
  const met = named(ready.stdout, ' condition met');
  const unconfirmed = waiting.filter((name) => !met.has(name));
  if (unconfirmed.length > 0) {
    const again = await kubectl.run(kubectlCommands.waitReady(settings.namespace, unconfirmed, 0));
    for (const name of named(again.stdout, ' condition met')) met.add(name);
  }
  const waited = `\`kubectl wait --for=condition=Ready\` of ${waiting.length} helper pod${waiting.length === 1 ? '' : 's'} (--timeout=${seconds}s)`;
  for (const { node, name } of names) {
    if (!made.has(name)) continue;
    started.set(
      node,
      met.has(name)
        ? { namespace: settings.namespace, name, node }
        : `helper pod ${name} not ready within ${seconds} s: ${waited} ${status(ready)}${about(ready, name)}`,
    );
  }
  return started;
}
