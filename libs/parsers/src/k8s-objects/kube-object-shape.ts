import type { KubeJsonValue, KubeObject } from '@hookpath/model';

/** Dropped from annotations: kubectl's copy of the whole object as last applied (it may hold what was removed on purpose). */
const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

/** Top-level fields that KubeObject holds in their own place. */
const OWN_FIELDS: ReadonlySet<string> = new Set(['apiVersion', 'kind', 'metadata', 'spec', 'status']);

export type ShapeResult = { ok: true; object: KubeObject } | { ok: false; message: string; path: (string | number)[] };

export function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** A plain JSON value; anything YAML holds beyond JSON (a date, a binary) becomes its text. */
export function toKubeJson(value: unknown): KubeJsonValue {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : String(value);
  if (typeof value === 'bigint') return value.toString();
  if (Array.isArray(value)) return value.map(toKubeJson);
  if (value instanceof Date) return value.toISOString();
  if (isRecord(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toKubeJson(v)]));
  return String(value as string);
}

function stringMap(value: unknown, drop: string | null = null): Record<string, string> {
  if (!isRecord(value)) return {};
  const out: Record<string, string> = {};
  for (const [key, v] of Object.entries(value)) {
    if (key === drop || v === null || v === undefined) continue;
    out[key] = typeof v === 'string' ? v : JSON.stringify(toKubeJson(v));
  }
  return out;
}

/**
 * One object of `kubectl get -o yaml|json` (a document, or an item of a List). `defaults` supplies
 * kind and apiVersion for the items of a typed list (`PodList` items carry neither).
 */
export function kubeObjectOf(
  value: unknown,
  where: { file: string; line: number },
  defaults: { kind?: string; apiVersion?: string } = {},
): ShapeResult {
  if (!isRecord(value))
    return { ok: false, message: 'expected a Kubernetes object (a mapping with apiVersion, kind and metadata)', path: [] };
  const kind = value['kind'] ?? defaults.kind;
  const apiVersion = value['apiVersion'] ?? defaults.apiVersion;
  if (typeof kind !== 'string' || kind === '') return { ok: false, message: 'missing kind', path: ['kind'] };
  if (typeof apiVersion !== 'string' || apiVersion === '')
    return { ok: false, message: `${kind}: missing apiVersion`, path: ['apiVersion'] };
  const metadata = value['metadata'];
  if (!isRecord(metadata)) return { ok: false, message: `${kind}: missing metadata`, path: ['metadata'] };
  const name = metadata['name'];
  if (typeof name !== 'string' || name === '') return { ok: false, message: `${kind}: missing metadata.name`, path: ['metadata', 'name'] };
  const namespace = metadata['namespace'];
  const uid = metadata['uid'];
  const fields: Record<string, KubeJsonValue> = {};
  for (const [key, v] of Object.entries(value)) if (!OWN_FIELDS.has(key)) fields[key] = toKubeJson(v);
  return {
    ok: true,
    object: {
      apiVersion,
      kind,
      metadata: {
        name,
        namespace: typeof namespace === 'string' && namespace !== '' ? namespace : null,
        labels: stringMap(metadata['labels']),
        annotations: stringMap(metadata['annotations'], LAST_APPLIED),
        uid: typeof uid === 'string' && uid !== '' ? uid : null,
      },
      spec: toKubeJson(value['spec']),
      status: toKubeJson(value['status']),
      fields,
      file: where.file,
      line: where.line,
    },
  };
}

/** `kind: List` (kubectl) or `kind: <Kind>List` (the API's typed lists) with an `items` sequence. */
export function listKind(value: unknown): { itemKind?: string } | null {
  if (!isRecord(value) || !Array.isArray(value['items'])) return null;
  const kind = value['kind'];
  if (kind === 'List') return {};
  if (typeof kind === 'string' && kind.endsWith('List') && kind.length > 'List'.length) return { itemKind: kind.slice(0, -'List'.length) };
  return null;
}
