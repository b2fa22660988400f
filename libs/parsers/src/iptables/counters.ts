import type { Counters } from '@hookpath/model';
import { CLOSE_BRACKET, NINE, OPEN_BRACKET, ZERO } from './char-codes';

/** `[PACKETS:BYTES]` as iptables-save prints it on chain lines and, with -c, before rules; else null. */
export function parseBracketCounters(text: string): Counters | null {
  const n = text.length;
  if (n < 5 || text.charCodeAt(0) !== OPEN_BRACKET || text.charCodeAt(n - 1) !== CLOSE_BRACKET) return null;
  const colon = text.indexOf(':');
  if (colon < 2 || colon > n - 3 || !allDigits(text, 1, colon) || !allDigits(text, colon + 1, n - 1)) return null;
  const packets = text.slice(1, colon);
  const bytes = text.slice(colon + 1, n - 1);
  return isCounterValue(packets) && isCounterValue(bytes) ? { packets: Number(packets), bytes: Number(bytes) } : null;
}

const U64_MAX = '18446744073709551615';

/** Decimal digits of a value the kernel's 64-bit unsigned counters can hold (at most 2^64-1). */
export function isCounterValue(text: string): boolean {
  if (!/^[0-9]+$/.test(text)) return false;
  const digits = text.replace(/^0+(?=.)/, '');
  return digits.length < U64_MAX.length || (digits.length === U64_MAX.length && digits <= U64_MAX);
}

function allDigits(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c < ZERO || c > NINE) return false;
  }
  return to > from;
}
