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
  return pidOf(JSON.parse(json));
}

function pidOf(inspected: unknown): number | null {
  const pid = record(record(inspected).info).pid;
  return typeof pid === 'number' && Number.isInteger(pid) && pid > 0 ? pid : null;
}

/** The top-level JSON values of a text that holds one or several of them, one after another. */
function jsonValues(text: string): unknown[] {
  const values: unknown[] = [];
  let depth = 0;
  let start = -1;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i += 1;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === '{' || c === '[') {
      if (depth === 0) start = i;
      depth += 1;
    } else if (c === '}' || c === ']') {
      depth -= 1;
      if (depth === 0) values.push(JSON.parse(text.slice(start, i + 1)));
      if (depth < 0) throw new Error('unbalanced JSON');
    }
  }
  if (depth !== 0 || inString) throw new Error('truncated JSON');
  return values;
}

/**
 * `crictl inspectp -o json <id>...`: each sandbox's process id (info.pid, null without one) by its
 * id (status.id). One id prints one object; several print an array of them (crictl 1.30 and
 * later) or one object after another (earlier crictl).
 */
export function sandboxPids(output: string): Map<string, number | null> {
  const pids = new Map<string, number | null>();
  let values: unknown[];
  try {
    values = [JSON.parse(output)];
  } catch {
    values = jsonValues(output);
  }
  for (const value of values) {
    for (const entry of Array.isArray(value) ? (value as unknown[]) : [value]) {
      const id = text(record(record(entry).status).id);
      if (id !== '') pids.set(id, pidOf(entry));
    }
  }
  return pids;
}
