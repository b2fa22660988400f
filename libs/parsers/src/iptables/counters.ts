import type { Counters } from '@hookpath/model';

const OPEN = 91; // [
const CLOSE = 93; // ]
const ZERO = 48;
const NINE = 57;

/** `[PACKETS:BYTES]` as iptables-save prints it on chain lines and, with -c, before rules; else null. */
export function parseBracketCounters(text: string): Counters | null {
  const n = text.length;
  if (n < 5 || text.charCodeAt(0) !== OPEN || text.charCodeAt(n - 1) !== CLOSE) return null;
  const colon = text.indexOf(':');
  if (colon < 2 || colon > n - 3 || !allDigits(text, 1, colon) || !allDigits(text, colon + 1, n - 1)) return null;
  return { packets: Number(text.slice(1, colon)), bytes: Number(text.slice(colon + 1, n - 1)) };
}

function allDigits(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c < ZERO || c > NINE) return false;
  }
  return to > from;
}
