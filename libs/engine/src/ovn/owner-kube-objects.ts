import type { KubeJsonValue, KubeObject } from '@hookpath/model';

/** A field of a plain JSON object (`spec`, `status`), as text; null when absent or not a scalar. */
export function kubeText(value: KubeJsonValue, key: string): string | null {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return null;
  const field = value[key];
  if (typeof field === 'string') return field === '' ? null : field;
  if (typeof field === 'number' || typeof field === 'boolean') return String(field);
  return null;
}

/** A list field of a plain JSON object; [] when absent. */
export function kubeList(value: KubeJsonValue, key: string): KubeJsonValue[] {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return [];
  const field = value[key];
  return Array.isArray(field) ? field : [];
}

/** The snapshot's k8s/ objects by kind and by `namespace/name` (or `name` when cluster-scoped). */
export class KubeObjects {
  private readonly byKind = new Map<string, KubeObject[]>();
  private readonly byKey = new Map<string, KubeObject>();

  constructor(objects: readonly KubeObject[]) {
    for (const object of objects) {
      let list = this.byKind.get(object.kind);
      if (list === undefined) this.byKind.set(object.kind, (list = []));
      list.push(object);
      const key = `${object.kind}\u0000${object.metadata.namespace ?? ''}\u0000${object.metadata.name}`;
      if (!this.byKey.has(key)) this.byKey.set(key, object);
    }
  }

  all(kind: string): readonly KubeObject[] {
    return this.byKind.get(kind) ?? [];
  }

  /** The object of that kind and name (and namespace, for namespaced kinds). */
  get(kind: string, name: string, namespace: string | null = null): KubeObject | null {
    return this.byKey.get(`${kind}\u0000${namespace ?? ''}\u0000${name}`) ?? null;
  }

  find(kind: string, test: (object: KubeObject) => boolean): KubeObject | null {
    return this.all(kind).find(test) ?? null;
  }
}
