import type { KubeObject, ParseIssue, SnapshotFile } from '@hookpath/model';
import { parseK8sObjects, type K8sObjectsResult } from './parse-k8s-objects';

/** k8s/ files read as kubectl output; other files there are kept raw. */
export function isK8sObjectFile(path: string): boolean {
  return /\.(ya?ml|json)$/i.test(path);
}

/** The API group of an apiVersion (`kubeovn.io/v1` -> `kubeovn.io`, `v1` -> ''). */
function groupOf(apiVersion: string): string {
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? '' : apiVersion.slice(0, slash);
}

/**
 * Every k8s/ file of a snapshot, in path order. The same object (group, kind, namespace, name) in
 * two places is kept once, where it was first read, with a warning naming both.
 */
export function parseK8sFiles(files: readonly SnapshotFile[]): K8sObjectsResult {
  const value: KubeObject[] = [];
  const errors: ParseIssue[] = [];
  const warnings: ParseIssue[] = [];
  const seen = new Map<string, KubeObject>();
  for (const file of [...files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))) {
    const result = parseK8sObjects(file.content, file.path);
    errors.push(...result.errors);
    warnings.push(...result.warnings);
    for (const object of result.value) {
      const { namespace, name } = object.metadata;
      const key = [groupOf(object.apiVersion), object.kind, namespace ?? '', name].join('\u0000');
      const first = seen.get(key);
      if (first !== undefined) {
        const text = `${object.kind} ${namespace === null ? '' : `${namespace}/`}${name}`;
        warnings.push({
          file: object.file,
          line: object.line,
          column: 0,
          message: `${text} is also in ${first.file} (line ${first.line}); that one is kept`,
          text: '',
        });
        continue;
      }
      seen.set(key, object);
      value.push(object);
    }
  }
  return { value, errors, warnings };
}
