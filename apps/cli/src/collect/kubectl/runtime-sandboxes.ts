/** A pod sandbox as `crictl pods -o json` lists it. */
export interface Sandbox {
  id: string;
  name: string;
  namespace: string;
  uid: string;
  ready: boolean;
}

const record = (value: unknown): Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
const text = (value: unknown): string => (typeof value === 'string' ? value : '');

/** `crictl pods -o json`: `{"items": [{"id", "metadata": {"name", "uid", "namespace"}, "state": "SANDBOX_READY"}]}`. */
export function parseCrictlPods(json: string): Sandbox[] {
  const items = record(JSON.parse(json)).items;
  if (!Array.isArray(items)) throw new Error('crictl pods -o json: no "items" list');
  return items.map((item: unknown) => {
    const entry = record(item);
    const metadata = record(entry.metadata);
    return {
      id: text(entry.id),
      name: text(metadata.name),
      namespace: text(metadata.namespace),
      uid: text(metadata.uid),
      ready: entry.state === 'SANDBOX_READY',
    };
  });
}

/**
 * The sandbox of a pod: the ready one with the pod's uid (a pod restarted after a sandbox change
 * has an older, not-ready sandbox of the same uid), else the ready one with its namespace and name.
 */
export function sandboxOf(sandboxes: readonly Sandbox[], pod: { namespace: string; name: string; uid: string }): Sandbox | undefined {
  const ready = sandboxes.filter((s) => s.ready);
  return ready.find((s) => s.uid !== '' && s.uid === pod.uid) ?? ready.find((s) => s.namespace === pod.namespace && s.name === pod.name);
}

/** `crictl inspectp -o json <id>`: containerd and CRI-O give the sandbox's process id as `info.pid`. */
export function sandboxPid(json: string): number | null {
  const pid = record(record(JSON.parse(json)).info).pid;
  return typeof pid === 'number' && Number.isInteger(pid) && pid > 0 ? pid : null;
}
