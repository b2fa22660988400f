/** Bob Jenkins' lookup3 hash as the kernel has it (include/linux/jhash.h), over unsigned 32-bit words. */

/** JHASH_INITVAL: an arbitrary initial parameter. */
const JHASH_INITVAL = 0xdeadbeef;

const rol32 = (word: number, shift: number): number => ((word << shift) | (word >>> (32 - shift))) >>> 0;

interface State {
  a: number;
  b: number;
  c: number;
}

/** __jhash_mix: mixes three 32-bit values reversibly. */
function mix(s: State): void {
  s.a = (s.a - s.c) >>> 0;
  s.a = (s.a ^ rol32(s.c, 4)) >>> 0;
  s.c = (s.c + s.b) >>> 0;
  s.b = (s.b - s.a) >>> 0;
  s.b = (s.b ^ rol32(s.a, 6)) >>> 0;
  s.a = (s.a + s.c) >>> 0;
  s.c = (s.c - s.b) >>> 0;
  s.c = (s.c ^ rol32(s.b, 8)) >>> 0;
  s.b = (s.b + s.a) >>> 0;
  s.a = (s.a - s.c) >>> 0;
  s.a = (s.a ^ rol32(s.c, 16)) >>> 0;
  s.c = (s.c + s.b) >>> 0;
  s.b = (s.b - s.a) >>> 0;
  s.b = (s.b ^ rol32(s.a, 19)) >>> 0;
  s.a = (s.a + s.c) >>> 0;
  s.c = (s.c - s.b) >>> 0;
  s.c = (s.c ^ rol32(s.b, 4)) >>> 0;
  s.b = (s.b + s.a) >>> 0;
}

/** __jhash_final: final mixing of the three values into c. */
function final(s: State): void {
  s.c = (s.c ^ s.b) >>> 0;
  s.c = (s.c - rol32(s.b, 14)) >>> 0;
  s.a = (s.a ^ s.c) >>> 0;
  s.a = (s.a - rol32(s.c, 11)) >>> 0;
  s.b = (s.b ^ s.a) >>> 0;
  s.b = (s.b - rol32(s.a, 25)) >>> 0;
  s.c = (s.c ^ s.b) >>> 0;
  s.c = (s.c - rol32(s.b, 16)) >>> 0;
  s.a = (s.a ^ s.c) >>> 0;
  s.a = (s.a - rol32(s.c, 4)) >>> 0;
  s.b = (s.b ^ s.a) >>> 0;
  s.b = (s.b - rol32(s.a, 14)) >>> 0;
  s.c = (s.c ^ s.b) >>> 0;
  s.c = (s.c - rol32(s.b, 24)) >>> 0;
}

/** jhash2(k, length, initval): the hash of an array of u32 words. */
export function jhash2(words: readonly number[], initval: number): number {
  let length = words.length;
  const start = (JHASH_INITVAL + ((length << 2) >>> 0) + (initval >>> 0)) >>> 0;
  const s: State = { a: start, b: start, c: start };
  let k = 0;
  const word = (i: number): number => (words[k + i] ?? 0) >>> 0;
  while (length > 3) {
    s.a = (s.a + word(0)) >>> 0;
    s.b = (s.b + word(1)) >>> 0;
    s.c = (s.c + word(2)) >>> 0;
    mix(s);
    length -= 3;
    k += 3;
  }
  if (length === 0) return s.c;
  if (length === 3) s.c = (s.c + word(2)) >>> 0;
  if (length >= 2) s.b = (s.b + word(1)) >>> 0;
  s.a = (s.a + word(0)) >>> 0;
  final(s);
  return s.c;
}

/** reciprocal_scale(val, ep_ro): maps a 32-bit value into [0, range) as ((u64)val * range) >> 32. */
export function reciprocalScale(value: number, range: number): number {
  return Number((BigInt(value >>> 0) * BigInt(range >>> 0)) >> 32n);
}

/**
 * An IPv4 address (host order, as parseIpv4 gives it) as the u32 word the kernel reads from the
 * tuple: the address is stored in network byte order and read as a native word, which on a
 * little-endian CPU (x86, arm64) reverses the bytes: 10.2.0.1 is 0x0100020a.
 */
export function addressWord(address: number): number {
  const a = address >>> 0;
  return (((a & 0xff) << 24) | (((a >>> 8) & 0xff) << 16) | (((a >>> 16) & 0xff) << 8) | (a >>> 24)) >>> 0;
}
