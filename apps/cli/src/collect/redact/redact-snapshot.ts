import type { RedactedNames } from '@hookpath/model';
import { PLACEHOLDER_PREFIX, type RedactKind, type RedactRequest, unredactable } from './redact-request';

/** Names of the cluster found in a snapshot's files, by kind. */
export interface FoundNames {
  nodes: Set<string>;
  namespaces: Set<string>;
  pods: Set<string>;
}

export interface Redaction {
  /** Original name -> placeholder (with the names derived from them, such as kube-ovn's `node-<node>`). */
  mapping: Map<string, string>;
  counts: RedactedNames;
  /** Names found that are left as they are, and why. */
  warnings: string[];
}

const record = (value: unknown): Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
const text = (value: unknown): string => (typeof value === 'string' ? value : '');

/** Walks kubectl's JSON: Node and Pod objects, namespaces, `nodeName`, EndpointSlices' `targetRef` pods, kube-ovn's `namespaces` lists. */
function walkK8s(value: unknown, found: FoundNames): void {
  if (Array.isArray(value)) {
    for (const item of value) walkK8s(item, found);
    return;
  }
  if (typeof value !== 'object' || value === null) return;
  const obj = record(value);
  const metadata = record(obj.metadata);
  if (obj.kind === 'Node' && text(metadata.name) !== '') found.nodes.add(text(metadata.name));
  if (obj.kind === 'Pod' && text(metadata.name) !== '') found.pods.add(text(metadata.name));
  for (const [key, v] of Object.entries(obj)) {
    if (key === 'namespace' && text(v) !== '') found.namespaces.add(text(v));
    else if (key === 'nodeName' && text(v) !== '') found.nodes.add(text(v));
    else if (key === 'namespaces' && Array.isArray(v)) {
      for (const n of v) if (text(n) !== '') found.namespaces.add(text(n));
    } else if (key === 'targetRef' && record(v).kind === 'Pod' && text(record(v).name) !== '') found.pods.add(text(record(v).name));
    else walkK8s(v, found);
  }
}

/**
 * The node, namespace and pod names a snapshot written by `kubectl hookpath collect` holds: its
 * hosts (a node's folder is the node's name, a pod's `<pod>.<namespace>`), the pods' nodes in
 * meta.yaml, the objects under k8s/, the pods kube-ovn's northbound database names
 * (`external_ids:pod=<ns>/<pod>`, logical switch ports `<pod>.<ns>`) and those of the nodes' OVS
 * interfaces (`external_ids` pod_name, pod_namespace, iface-id).
 */
export function findNames(files: ReadonlyMap<string, string>): FoundNames {
  const found: FoundNames = { nodes: new Set(), namespaces: new Set(), pods: new Set() };
  for (const [path, content] of files) {
    const host = /^hosts\/([^/]+)\/meta\.yaml$/.exec(path)?.[1];
    if (host !== undefined) {
      const role = /^role: *"?(\w+)"?$/m.exec(content)?.[1];
      const node = /^node: *"?([^"\n]+)"?$/m.exec(content)?.[1];
      if (node !== undefined) found.nodes.add(node);
      const dot = host.lastIndexOf('.');
      if (role === 'node') found.nodes.add(host);
      else if ((role === 'pod' || role === 'gateway') && dot > 0) {
        found.pods.add(host.slice(0, dot));
        found.namespaces.add(host.slice(dot + 1));
      }
    } else if (path.startsWith('k8s/') && path.endsWith('.json')) {
      try {
        walkK8s(JSON.parse(content), found);
      } catch {
        // not JSON: the parser reports it
      }
    } else if (path.endsWith('/ovs-interfaces.json')) {
      // kube-ovn's CNI labels each pod's OVS interface: external_ids pod_name, pod_namespace, iface-id <pod>.<ns>.
      for (const m of content.matchAll(/\["pod_name","([a-z0-9.-]+)"\]/g)) found.pods.add(m[1] ?? '');
      for (const m of content.matchAll(/\["pod_namespace","([a-z0-9-]+)"\]/g)) found.namespaces.add(m[1] ?? '');
    } else if (path === 'ovn/nb.json') {
      for (const m of content.matchAll(/\["pod","([a-z0-9-]+)\/([a-z0-9.-]+)"\]/g)) {
        found.namespaces.add(m[1] ?? '');
        found.pods.add(m[2] ?? '');
      }
    }
  }
  for (const [path, content] of files)
    if (path.endsWith('/ovs-interfaces.json'))
      for (const m of content.matchAll(/\["iface-id","([a-z0-9.-]+)\.([a-z0-9-]+)"\]/g))
        if (found.namespaces.has(m[2] ?? '')) found.pods.add(m[1] ?? '');
  const show = files.get('ovn/nbctl-show.txt') ?? '';
  for (const m of show.matchAll(/^\s+port "?([a-z0-9.-]+)\.([a-z0-9-]+)"?$/gm))
    if (found.namespaces.has(m[2] ?? '')) found.pods.add(m[1] ?? '');
  return found;
}

const KIND_ORDER: readonly RedactKind[] = ['node', 'namespace', 'pod', 'name'];
const COUNT_KEY: Readonly<Record<RedactKind, keyof RedactedNames>> = { node: 'nodes', namespace: 'namespaces', pod: 'pods', name: 'names' };

/**
 * Which names are replaced and by what: each kind's names in sorted order get `node-1`, `node-2`,
 * ... (`ns-`, `pod-`, `name-`), so the same cluster gives the same placeholders; a placeholder that
 * is already the name of something left alone is skipped. `derive` adds names built from a node's
 * (kube-ovn's join port `node-<node>`, the helper pod's name in the notes).
 */
export function planRedaction(
  request: RedactRequest,
  found: FoundNames,
  derive: (original: string, placeholder: string, kind: RedactKind) => [string, string][] = () => [],
): Redaction {
  const warnings: string[] = [];
  const kindOf = new Map<string, RedactKind>(request.names);
  const everyOf: [Exclude<RedactKind, 'name'>, Set<string>][] = [
    ['node', found.nodes],
    ['namespace', found.namespaces],
    ['pod', found.pods],
  ];
  for (const [kind, names] of everyOf) {
    if (!request.every.has(kind)) continue;
    for (const name of [...names].sort()) {
      if (kindOf.has(name)) continue;
      const why = unredactable(name, kind);
      if (why === null) kindOf.set(name, kind);
      else if (kind !== 'namespace' || !/every cluster/.test(why))
        warnings.push(`--redact: ${kind} ${JSON.stringify(name)} left as it is: ${why}`);
    }
  }
  const kept = new Set([...found.nodes, ...found.namespaces, ...found.pods].filter((n) => !kindOf.has(n)));
  const mapping = new Map<string, string>();
  const counts: RedactedNames = {};
  for (const kind of KIND_ORDER) {
    const names = [...kindOf].filter(([, k]) => k === kind).map(([n]) => n);
    counts[COUNT_KEY[kind]] = names.length;
    let n = 0;
    for (const name of names.sort()) {
      let placeholder: string;
      do placeholder = `${PLACEHOLDER_PREFIX[kind]}-${++n}`;
      while (kept.has(placeholder));
      mapping.set(name, placeholder);
    }
  }
  for (const [name, placeholder] of [...mapping])
    for (const [from, to] of derive(name, placeholder, kindOf.get(name) ?? 'name')) if (!mapping.has(from)) mapping.set(from, to);
  return { mapping, counts, warnings };
}

/** A run of name characters, dots inside: `web-0.shop`, `ip-10-0-1-5.ec2.internal`, `10.0.0.5`. */
const RUN = /[A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]+)*/g;

/**
 * Replaces the names of `mapping` in `content` wherever one stands as a whole word: a run of
 * letters, digits, `_` and `-` (with dots inside), or dot-separated parts of one (`web-0.shop` is a
 * pod and its namespace), the longest name first. Nothing else changes: addresses, interface names
 * and the layout of the command output stay as they were.
 */
export function redactText(content: string, mapping: ReadonlyMap<string, string>): string {
  if (mapping.size === 0) return content;
  return content.replace(RUN, (run) => {
    const whole = mapping.get(run);
    if (whole !== undefined) return whole;
    if (!run.includes('.')) return run;
    const parts = run.split('.');
    const out: string[] = [];
    for (let i = 0; i < parts.length;) {
      let j = parts.length;
      for (; j > i; j--) {
        const replaced = mapping.get(parts.slice(i, j).join('.'));
        if (replaced !== undefined) {
          out.push(replaced);
          break;
        }
      }
      if (j > i) i = j;
      else out.push(parts[i++] ?? '');
    }
    return out.join('.');
  });
}

/** A file's path in the redacted snapshot: a host's folder name and the names in k8s/ file names. */
export function redactPath(path: string, mapping: ReadonlyMap<string, string>): string {
  const host = /^hosts\/([^/]+)\/(.+)$/.exec(path);
  if (host !== null) return `hosts/${redactText(host[1] ?? '', mapping)}/${host[2] ?? ''}`;
  if (path.startsWith('k8s/')) return `k8s/${redactText(path.slice('k8s/'.length), mapping)}`;
  return path;
}

/** Every file of a snapshot with the names replaced (paths and contents). */
export function redactFiles(files: ReadonlyMap<string, string>, mapping: ReadonlyMap<string, string>): Map<string, string> {
  const out = new Map<string, string>();
  for (const [path, content] of files) out.set(redactPath(path, mapping), redactText(content, mapping));
  return out;
}
