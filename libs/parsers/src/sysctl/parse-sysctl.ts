import type { ParseResult } from '@hookpath/model';
import { issueAt, splitLines } from '../issue';

/**
 * Complaints `sysctl -a` writes to stderr for keys it cannot read (`permission denied on key 'x'`
 * for unprivileged readers, `reading key "x"` from procps 3.3 for keys that fail with EIO such as
 * an unset `stable_secret`); they end up in the file when stderr is redirected with stdout.
 */
const STDERR_NOISE = /^sysctl: (permission denied on key |reading key )/;

/** `key = value` as `sysctl -a` prints it, or `key=value` (the sysctl.conf spelling). */
const SPACED = /^([^\s=]+) =(?:[ \t](.*))?$/;
const COMPACT = /^([^\s=]+)=(.*)$/;

/**
 * Parses `sysctl -a` output (or any subset of its lines) into key -> value. Keys stay as printed:
 * dotted, with the `/` sysctl substitutes for a dot inside an interface name (`conf.eth0/100.rp_filter`).
 * Values keep their inner blanks (`4096\t131072\t6291456`) and may be empty; a key printed on several
 * lines gets its lines joined with `\n`.
 */
export function parseSysctl(content: string, file: string): ParseResult<Record<string, string>> {
  const lines = splitLines(content);
  const value: Record<string, string> = {};
  const errors: ParseResult<Record<string, string>>['errors'] = [];
  lines.forEach((line, index) => {
    if (line.trim() === '' || STDERR_NOISE.test(line)) return;
    const match = SPACED.exec(line) ?? COMPACT.exec(line);
    if (match === null) {
      const column = /^\s/.test(line) ? 1 : line.search(/\s|$/) + 1;
      errors.push(issueAt(file, lines, index, column, 'expected "key = value"'));
      return;
    }
    const key = match[1];
    const text = (match[2] ?? '').trim();
    // procps prints a value that spans several lines (kernel.core_modes) as one `key = line` per line.
    value[key] = Object.prototype.hasOwnProperty.call(value, key) ? `${value[key]}\n${text}` : text;
  });
  return { value, errors };
}
