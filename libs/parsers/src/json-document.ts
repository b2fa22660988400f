import type { ParseIssue } from '@hookpath/model';

export type JsonDocument = { ok: true; value: unknown } | { ok: false; issue: ParseIssue };

/** Parses a whole JSON file; a syntax error is reported with the line and column it occurs at. */
export function parseJsonDocument(content: string, file: string): JsonDocument {
  if (content.trim() === '') return { ok: true, value: [] };
  try {
    return { ok: true, value: JSON.parse(content) as unknown };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const match = /position (\d+)/.exec(message);
    const offset = match ? Number(match[1]) : content.length;
    const before = content.slice(0, offset);
    const line = before.split('\n').length;
    const column = offset - before.lastIndexOf('\n');
    const text = content.split('\n')[line - 1] ?? '';
    return { ok: false, issue: { file, line, column, message: `invalid JSON: ${message}`, text } };
  }
}
