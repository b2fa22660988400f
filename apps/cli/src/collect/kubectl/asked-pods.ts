import { UsageError } from '../../cli-error';
import { kubectlCommands } from './kubectl-commands';
import type { KubectlRunner } from './kubectl-runner';

/** A pod named by --pods. */
export interface PodRef {
  namespace: string;
  name: string;
}

/** At most this many pods per `kubectl get pod` (the command line stays short; several run side by side). */
const PODS_PER_GET = 50;

const record = (value: unknown): Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};

const firstLine = (stderr: string): string => stderr.trim().split('\n')[0] ?? '';

/** The pods of one namespace, a chunk at a time, in the order given. */
function chunks(refs: readonly PodRef[]): { namespace: string; names: string[] }[] {
  const byNamespace = new Map<string, string[]>();
  for (const ref of refs) {
    const names = byNamespace.get(ref.namespace) ?? [];
    if (!names.includes(ref.name)) names.push(ref.name);
    byNamespace.set(ref.namespace, names);
  }
  return [...byNamespace].flatMap(([namespace, names]) =>
    Array.from({ length: Math.ceil(names.length / PODS_PER_GET) }, (_, i) => ({
      namespace,
      names: names.slice(i * PODS_PER_GET, (i + 1) * PODS_PER_GET),
    })),
  );
}

/**
 * The pods named by --pods, as `kubectl get pod -o json` prints them (one per file under k8s/):
 * several names of a namespace in one kubectl, which prints the pod itself for one name and a List
 * of them for several (each then printed as kubectl prints one pod). A pod the API server does not
 * have stops the run, as a usage error naming it.
 */
export async function getAskedPods(kubectl: KubectlRunner, refs: readonly PodRef[]): Promise<{ ref: PodRef; json: string }[]> {
  const found = new Map<string, string>();
  const key = (namespace: string, name: string): string => `${namespace}/${name}`;
  await Promise.all(
    chunks(refs).map(async ({ namespace, names }) => {
      const got = await kubectl.run(kubectlCommands.getPods(namespace, names));
      let printed: Record<string, unknown> = {};
      try {
        printed = record(JSON.parse(got.stdout));
      } catch (error) {
        if (got.code === 0) throw new UsageError(`--pods: \`kubectl ${got.args.join(' ')}\` printed what is not JSON: ${String(error)}`);
      }
      const items = printed.kind === 'List' && Array.isArray(printed.items) ? (printed.items as unknown[]) : [printed];
      for (const item of items) {
        const name = record(record(item).metadata).name;
        if (typeof name !== 'string' || !names.includes(name)) continue;
        found.set(key(namespace, name), names.length === 1 ? got.stdout : `${JSON.stringify(item, null, 4)}\n`);
      }
      if (got.code !== 0) {
        const missing = names.find((n) => !found.has(key(namespace, n))) ?? names[0] ?? '';
        throw new UsageError(`--pods ${namespace}/${missing}: ${firstLine(got.stderr)}`);
      }
    }),
  );
  return refs.map((ref) => {
    const json = found.get(key(ref.namespace, ref.name));
    if (json === undefined) throw new UsageError(`--pods ${ref.namespace}/${ref.name}: \`kubectl get pod\` did not print it`);
    return { ref, json };
  });
}
