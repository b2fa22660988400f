import type { ParseIssue, ParseResult } from '@hookpath/model';
import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node } from 'yaml';
import type { z } from 'zod';
import { splitLines } from '../issue';

type PathKey = PropertyKey;

/**
 * Parses a YAML file and validates it with a zod schema. YAML syntax errors and schema problems
 * alike are reported at the line and column of the offending node (the key itself for an unknown
 * key); an empty file is validated as `{}`. When anything is wrong the value is `fallback`.
 */
export function parseYamlWithSchema<T>(content: string, file: string, schema: z.ZodType<T>, fallback: T): ParseResult<T> {
  const lines = splitLines(content);
  const lineCounter = new LineCounter();
  const doc = parseDocument(content, { lineCounter, prettyErrors: false });
  const at = (offset: number | undefined, message: string): ParseIssue => {
    if (offset === undefined) return { file, line: 0, column: 0, message, text: '' };
    const { line, col } = lineCounter.linePos(offset);
    return { file, line, column: col, message, text: lines[line - 1] ?? '' };
  };
  if (doc.errors.length > 0) {
    return { value: fallback, errors: doc.errors.map((error) => at(error.pos[0], `invalid YAML: ${error.message}`)) };
  }
  const data: unknown = doc.contents === null ? {} : doc.toJS();
  const result = schema.safeParse(data);
  if (result.success) return { value: result.data, errors: [] };
  const errors: ParseIssue[] = [];
  for (const issue of result.error.issues) {
    const where = pathText(issue.path);
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        errors.push(at(keyOffset(doc, issue.path, key), `unknown key ${JSON.stringify(key)}${where === '' ? '' : ` in ${where}`}`));
      }
      continue;
    }
    const missing = issue.code === 'invalid_type' && valueAt(data, issue.path) === undefined;
    const message = missing ? `missing ${where}` : `${where === '' ? '' : `${where}: `}${issue.message}`;
    errors.push(at(nodeAt(doc, issue.path)?.range?.[0], message));
  }
  errors.sort((a, b) => a.line - b.line || a.column - b.column);
  return { value: fallback, errors };
}

/** `segments[0].members[1]` */
function pathText(path: readonly PathKey[]): string {
  return path.map((key, index) => (typeof key === 'number' ? `[${key}]` : `${index === 0 ? '' : '.'}${String(key)}`)).join('');
}

function valueAt(data: unknown, path: readonly PathKey[]): unknown {
  let value = data;
  for (const key of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

/** The deepest node along `path` (a missing key points at the mapping that lacks it). */
function nodeAt(doc: Document, path: readonly PathKey[]): Node | undefined {
  let node: unknown = doc.contents;
  for (const key of path) {
    if (isMap(node)) {
      const pair = node.items.find((item) => isScalar(item.key) && item.key.value === key);
      if (pair === undefined || pair.value === null) return isPair(pair) && isScalar(pair.key) ? pair.key : node;
      node = pair.value;
    } else if (isSeq(node) && typeof key === 'number' && node.items[key] !== undefined) {
      node = node.items[key];
    } else break;
  }
  return isScalar(node) || isMap(node) || isSeq(node) ? node : undefined;
}

function keyOffset(doc: Document, path: readonly PathKey[], key: string): number | undefined {
  const parent = nodeAt(doc, path);
  if (!isMap(parent)) return parent?.range?.[0];
  const pair = parent.items.find((item) => isScalar(item.key) && item.key.value === key);
  const keyNode = pair?.key;
  return isScalar(keyNode) ? keyNode.range?.[0] : parent.range?.[0];
}
