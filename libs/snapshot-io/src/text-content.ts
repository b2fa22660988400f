import type { ParseIssue } from '@hookpath/model';
import { SnapshotInputError } from './snapshot-input-error';

/**
 * Where the first NUL byte of a file's text is, as a parse issue (1-based line and column, the line
 * quoted with the NUL shown as `\0`); undefined when there is none.
 */
export function nulByteIssue(file: string, content: string): ParseIssue | undefined {
  const at = content.indexOf('\0');
  if (at === -1) return undefined;
  const lineStart = content.lastIndexOf('\n', at) + 1;
  const lineEnd = content.indexOf('\n', at);
  let line = 1;
  for (let i = content.indexOf('\n'); i !== -1 && i < at; i = content.indexOf('\n', i + 1)) line += 1;
  const text = content.slice(lineStart, lineEnd === -1 ? content.length : lineEnd).replace(/\r$/, '');
  return {
    file,
    line,
    column: at - lineStart + 1,
    message: 'a NUL byte (0x00): snapshot files are text',
    text: text.replace(/\0/g, '\\0'),
  };
}

/**
 * Snapshot files are stored as text, which cannot hold a NUL byte: a file that has one is refused
 * (NUL_BYTE, naming the file, line and column) before anything is parsed or stored.
 */
export function assertTextFiles(files: readonly { path: string; content: string }[]): void {
  for (const file of files) {
    const issue = nulByteIssue(file.path, file.content);
    if (issue !== undefined) {
      throw new SnapshotInputError(
        'NUL_BYTE',
        `${issue.file}:${issue.line}:${issue.column}: the file contains a NUL byte (0x00); snapshot files are text`,
        [issue],
      );
    }
  }
}
