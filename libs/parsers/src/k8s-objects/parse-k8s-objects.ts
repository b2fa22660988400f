import type { KubeObject, ParseIssue, ParseResult } from '@hookpath/model';
import { isMap, isScalar, isSeq, LineCounter, parseAllDocuments, type Node } from 'yaml';
import { splitLines } from '../issue';
import { isRecord, kubeObjectOf, listKind } from './kube-object-shape';

export interface K8sObjectsResult extends ParseResult<KubeObject[]> {
  /** Objects left out on purpose (Secrets) and repeated objects. */
  warnings: ParseIssue[];
}

/** Kinds whose content is never stored: their objects are dropped with a warning. */
const NEVER_STORED: ReadonlySet<string> = new Set(['Secret']);

/** The node at `path` below `node`, as deep as it goes (a missing key stops at its mapping). */
function nodeAt(node: unknown, path: readonly (string | number)[]): Node | null {
  let current: unknown = node;
  for (const key of path) {
    if (isMap(current)) {
      const pair = current.items.find((item) => isScalar(item.key) && item.key.value === key);
      if (pair === undefined || pair.value === null) return isScalar(pair?.key) ? pair.key : current;
      current = pair.value;
    } else if (isSeq(current) && typeof key === 'number' && current.items[key] !== undefined) {
      current = current.items[key];
    } else break;
  }
  return isMap(current) || isSeq(current) || isScalar(current) ? current : null;
}

/**
 * A k8s/ file: the output of `kubectl get ... -o yaml` or `-o json`, one object or a List, one YAML
 * document or several (`---`). YAML syntax errors and objects without kind, apiVersion or
 * metadata.name are errors at their line and column; Secrets are dropped with a warning.
 */
export function parseK8sObjects(content: string, file: string): K8sObjectsResult {
  const lines = splitLines(content);
  const lineCounter = new LineCounter();
  const docs = parseAllDocuments(content, { lineCounter, prettyErrors: false });
  const at = (offset: number | undefined, message: string): ParseIssue => {
    if (offset === undefined) return { file, line: 0, column: 0, message, text: '' };
    const { line, col } = lineCounter.linePos(offset);
    return { file, line, column: col, message, text: lines[line - 1] ?? '' };
  };
  const value: KubeObject[] = [];
  const errors: ParseIssue[] = [];
  const warnings: ParseIssue[] = [];
  const documents = Array.isArray(docs) ? docs : [];
  for (const doc of documents) {
    if (doc.errors.length > 0) {
      errors.push(...doc.errors.map((error) => at(error.pos[0], `invalid YAML: ${error.message}`)));
      continue;
    }
    const data: unknown = doc.contents === null ? null : doc.toJS({ maxAliasCount: 1000 });
    // An empty document (a trailing `---`) holds no object.
    if (data === null || data === undefined) continue;
    const take = (item: unknown, node: unknown, defaults: { kind?: string; apiVersion?: string }): void => {
      const start = nodeAt(node, [])?.range?.[0];
      const line = start === undefined ? 0 : lineCounter.linePos(start).line;
      const shape = kubeObjectOf(item, { file, line }, defaults);
      if (!shape.ok) {
        errors.push(at(nodeAt(node, shape.path)?.range?.[0] ?? start, shape.message));
        return;
      }
      const { object } = shape;
      if (NEVER_STORED.has(object.kind)) {
        const ns = object.metadata.namespace === null ? '' : `${object.metadata.namespace}/`;
        warnings.push(at(start, `${object.kind} ${ns}${object.metadata.name}: Secrets are never stored; dropped`));
        return;
      }
      value.push(object);
    };
    const list = listKind(data);
    if (list !== null && isRecord(data)) {
      const items = data['items'] as unknown[];
      const itemsNode = nodeAt(doc.contents, ['items']);
      const apiVersion = typeof data['apiVersion'] === 'string' && list.itemKind !== undefined ? data['apiVersion'] : undefined;
      const defaults = {
        ...(list.itemKind === undefined ? {} : { kind: list.itemKind }),
        ...(apiVersion === undefined ? {} : { apiVersion }),
      };
      items.forEach((item, index) => take(item, isSeq(itemsNode) ? itemsNode.items[index] : itemsNode, defaults));
    } else {
      take(data, doc.contents, {});
    }
  }
  return { value, errors, warnings };
}
