import type { OvnMatchValue } from '@hookpath/model';

/** A constant as bits to compare: `(field & mask) == (value & mask)`. */
export interface MatchBits {
  value: bigint;
  /** undefined: every bit counts. */
  mask?: bigint;
}

function ipv4(text: string): bigint | null {
  const parts = text.split('.');
  if (parts.length !== 4 || parts.some((p) => !/^\d{1,3}$/.test(p) || Number(p) > 255)) return null;
  return parts.reduce((n, p) => (n << 8n) | BigInt(p), 0n);
}

function ipv6(text: string): bigint | null {
  let head = text;
  let v4: bigint | null = null;
  if (text.includes('.')) {
    const at = text.lastIndexOf(':');
    v4 = ipv4(text.slice(at + 1));
    if (v4 === null) return null;
    head = `${text.slice(0, at + 1)}0:0`;
  }
  const halves = head.split('::');
  if (halves.length > 2) return null;
  const groups = (s: string | undefined): string[] => (s ? s.split(':') : []);
  const left = groups(halves[0]);
  const right = groups(halves[1]);
  const fill = 8 - left.length - right.length;
  if (halves.length === 2 ? fill < 1 : fill !== 0) return null;
  const all = [...left, ...Array<string>(fill).fill('0'), ...right];
  if (all.some((g) => !/^[0-9a-fA-F]{1,4}$/.test(g))) return null;
  const n = all.reduce((acc, g) => (acc << 16n) | BigInt(`0x${g}`), 0n);
  return v4 === null ? n : (n & ~0xffffffffn) | v4;
}

function mac(text: string): bigint | null {
  return /^[0-9a-fA-F]{2}(:[0-9a-fA-F]{2}){5}$/.test(text) ? BigInt(`0x${text.replace(/:/g, '')}`) : null;
}

function integer(text: string): bigint | null {
  if (/^(0|[1-9]\d*)$/.test(text)) return BigInt(text);
  if (/^0[xX][0-9a-fA-F]+$/.test(text)) return BigInt(text);
  return null;
}

function prefix(bits: number, total: number): bigint {
  return bits === 0 ? 0n : ((1n << BigInt(bits)) - 1n) << BigInt(total - bits);
}

/** A constant written as text (an Address_Set entry, a field given as text): int, IPv4, IPv6 or MAC, with `/mask`. */
export function parseMatchBits(text: string): MatchBits | null {
  const t = text.trim();
  const slash = t.indexOf('/');
  const base = slash < 0 ? t : t.slice(0, slash);
  const maskText = slash < 0 ? undefined : t.slice(slash + 1);
  for (const [read, total] of [
    [ipv4, 32],
    [ipv6, 128],
    [mac, 48],
    [integer, 0],
  ] as const) {
    const value = read(base);
    if (value === null) continue;
    if (maskText === undefined) return { value };
    const asPrefix = /^\d+$/.test(maskText) && total > 0 ? Number(maskText) : undefined;
    if (asPrefix !== undefined) return asPrefix <= total ? { value, mask: prefix(asPrefix, total) } : null;
    const mask = read(maskText);
    return mask === null ? null : { value, mask };
  }
  return null;
}

/** The bits of a literal of the tree (not a reference). */
export function literalBits(v: Exclude<OvnMatchValue, { kind: 'string' | 'addressSet' | 'portGroup' }>): MatchBits | null {
  switch (v.kind) {
    case 'integer':
      return v.mask === undefined ? { value: BigInt(v.value) } : { value: BigInt(v.value), mask: BigInt(v.mask) };
    case 'ipv4':
    case 'ipv6': {
      const total = v.kind === 'ipv4' ? 32 : 128;
      const value = v.kind === 'ipv4' ? ipv4(v.address) : ipv6(v.address);
      if (value === null) return null;
      if (v.prefixLength !== undefined) return { value, mask: prefix(v.prefixLength, total) };
      if (v.mask === undefined) return { value };
      const mask = v.kind === 'ipv4' ? ipv4(v.mask) : ipv6(v.mask);
      return mask === null ? null : { value, mask };
    }
    case 'mac': {
      const value = mac(v.address);
      if (value === null) return null;
      if (v.mask === undefined) return { value };
      const mask = mac(v.mask);
      return mask === null ? null : { value, mask };
    }
  }
}
