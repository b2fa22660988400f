import type { OvnMatchValue } from '@hookpath/model';

/**
 * A numeric constant as OVN's lexer reads it (lib/lex.c lex_parse_integer): decimal, hex, IPv4,
 * IPv6 or Ethernet, optionally `/mask`. `width` is what expr.c's type check compares with the
 * field's width (the mask's width when masked).
 */
export interface NumericConstant {
  value: OvnMatchValue;
  format: 'decimal' | 'hex' | 'ipv4' | 'ipv6' | 'mac';
  masked: boolean;
  /** The value as an integer (for `0`/`1` booleans and widths). */
  number: bigint;
  width: number;
}

type Scanned = { ok: true; format: NumericConstant['format']; number: bigint; text: string } | { ok: false; error: string };

/** End of the "integer" token starting at `start`: alphanumerics, `:` before any `.`, single `.`. */
export function numericTokenEnd(input: string, start: number): number {
  let end = start;
  let sawDot = false;
  for (;;) {
    const c = input[end];
    if (c === undefined) break;
    if (/[0-9A-Za-z]/.test(c) || (c === ':' && !sawDot) || (c === '.' && input[end + 1] !== '.')) {
      if (c === '.') sawDot = true;
      end++;
    } else break;
  }
  return end;
}

function bitWidth(n: bigint): number {
  return n === 0n ? 0 : n.toString(2).length;
}

export function parseIpv4(text: string): bigint | null {
  const parts = text.split('.');
  if (parts.length !== 4) return null;
  let n = 0n;
  for (const p of parts) {
    if (!/^(0|[1-9][0-9]{0,2})$/.test(p) || Number(p) > 255) return null;
    n = (n << 8n) | BigInt(p);
  }
  return n;
}

export function parseIpv6(text: string): bigint | null {
  let head = text;
  let v4: bigint | null = null;
  const lastColon = text.lastIndexOf(':');
  if (text.includes('.')) {
    v4 = parseIpv4(text.slice(lastColon + 1));
    if (v4 === null) return null;
    head = `${text.slice(0, lastColon + 1)}0:0`;
  }
  const halves = head.split('::');
  if (halves.length > 2) return null;
  const groups = (s: string): string[] | null => (s === '' ? [] : s.split(':'));
  const left = groups(halves[0] ?? '');
  const right = halves.length === 2 ? groups(halves[1] ?? '') : [];
  if (!left || !right) return null;
  const total = left.length + right.length;
  if (halves.length === 2 ? total > 7 : total !== 8) return null;
  const all = [...left, ...Array<string>(8 - total).fill('0'), ...right];
  let n = 0n;
  for (const g of all) {
    if (!/^[0-9A-Fa-f]{1,4}$/.test(g)) return null;
    n = (n << 16n) | BigInt(`0x${g}`);
  }
  if (v4 !== null) n = (n & ~0xffffffffn) | v4;
  return n;
}

function scan(text: string): Scanned {
  if (text.length === 0) return { ok: false, error: 'Integer constant expected.' };
  if (/^[0-9A-Fa-f]{2}(:[0-9A-Fa-f]{2}){5}$/.test(text)) {
    return { ok: true, format: 'mac', number: BigInt(`0x${text.replace(/:/g, '')}`), text: text.toLowerCase() };
  }
  if (/^[0-9]+$/.test(text)) {
    if (text.length > 1 && text.startsWith('0')) return { ok: false, error: 'Decimal constants must not have leading zeros.' };
    const n = BigInt(text);
    if (n >= 1n << 64n) return { ok: false, error: 'Decimal constants must be less than 2**64.' };
    return { ok: true, format: 'decimal', number: n, text };
  }
  if (/^0[xX]/.test(text)) {
    const digits = text.slice(2);
    if (digits.length === 0) return { ok: false, error: `Hex digits expected following 0${text[1] ?? 'x'}.` };
    if (!/^[0-9A-Fa-f]+$/.test(digits)) return { ok: false, error: 'Invalid syntax in hexadecimal constant.' };
    const n = BigInt(`0x${digits}`);
    if (bitWidth(n) > 1024) return { ok: false, error: 'Hexadecimal constant requires more than 1024 bits.' };
    return { ok: true, format: 'hex', number: n, text };
  }
  if (text.length < 46) {
    const v4 = parseIpv4(text);
    if (v4 !== null) return { ok: true, format: 'ipv4', number: v4, text };
    const v6 = parseIpv6(text);
    if (v6 !== null) return { ok: true, format: 'ipv6', number: v6, text: text.toLowerCase() };
  }
  return { ok: false, error: 'Invalid numeric constant.' };
}

function fixedWidth(format: NumericConstant['format'], n: bigint): number {
  switch (format) {
    case 'decimal':
    case 'hex':
      return bitWidth(n);
    case 'ipv4':
      return 32;
    case 'ipv6':
      return 128;
    case 'mac':
      return 48;
  }
}

function prefixMask(bits: number, total: number): bigint {
  return bits === 0 ? 0n : ((1n << BigInt(bits)) - 1n) << BigInt(total - bits);
}

function toValue(v: Extract<Scanned, { ok: true }>, mask?: { text: string; prefix?: number }): OvnMatchValue {
  const m = mask === undefined ? {} : mask.prefix !== undefined ? { prefixLength: mask.prefix } : { mask: mask.text };
  switch (v.format) {
    case 'decimal':
    case 'hex':
      return { kind: 'integer', format: v.format, value: v.number.toString(), ...(mask ? { mask: mask.text } : {}) };
    case 'ipv4':
      return { kind: 'ipv4', address: v.text, ...m };
    case 'ipv6':
      return { kind: 'ipv6', address: v.text, ...m };
    case 'mac':
      return { kind: 'mac', address: v.text, ...(mask ? { mask: mask.text } : {}) };
  }
}

/**
 * Reads the numeric token at `start` (and its `/mask`). Returns the constant and where the token
 * ends, or OVN's lexical error message.
 */
export function readNumericConstant(
  input: string,
  start: number,
): { constant: NumericConstant; end: number } | { error: string; end: number } {
  const end = numericTokenEnd(input, start);
  const v = scan(input.slice(start, end));
  if (!v.ok) return { error: v.error, end };
  if (input[end] !== '/') {
    return {
      constant: { value: toValue(v), format: v.format, masked: false, number: v.number, width: fixedWidth(v.format, v.number) },
      end,
    };
  }
  const maskEnd = numericTokenEnd(input, end + 1);
  const m = scan(input.slice(end + 1, maskEnd));
  if (!m.ok) return { error: m.error, end: maskEnd };
  let format = v.format;
  let maskBits: bigint;
  let prefix: number | undefined;
  if (m.format === v.format) {
    maskBits = m.number;
  } else if (v.format === 'ipv4' && m.format === 'decimal' && m.number <= 32n) {
    prefix = Number(m.number);
    maskBits = prefixMask(prefix, 32);
  } else if (v.format === 'ipv6' && m.format === 'decimal' && m.number <= 128n) {
    prefix = Number(m.number);
    maskBits = prefixMask(prefix, 128);
  } else if (v.format === 'decimal' && m.format === 'hex' && v.number === 0n) {
    format = 'hex';
    maskBits = m.number;
  } else {
    return { error: 'Value and mask have incompatible formats.', end: maskEnd };
  }
  const maskText = m.format === 'decimal' || m.format === 'hex' ? maskBits.toString() : m.text;
  const value = toValue({ ...v, format }, prefix !== undefined ? { text: maskText, prefix } : { text: maskText });
  return { constant: { value, format, masked: true, number: v.number & maskBits, width: bitWidth(maskBits) }, end: maskEnd };
}
