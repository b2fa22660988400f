import { randomBytes } from 'node:crypto';

const HEX: string[] = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));
/** Ids made within one millisecond before the clock is moved on by one (rand_a holds 12 bits). */
const PER_MILLISECOND = 0x1000;

let lastMs = 0;
let sequence = 0;
let random = randomBytes(8);

/**
 * A UUID of version 7 (RFC 9562): a 48-bit millisecond timestamp, then a 12-bit sequence within the
 * millisecond, then 62 random bits drawn afresh each millisecond. Ids made one after another sort in
 * the order they were made, so the rows of one upload go to the right-hand edge of their B-tree
 * indexes instead of to random pages: a whole cluster's millions of rules no longer make Postgres
 * read and write its primary key index at random once it is larger than its buffers.
 */
export function orderedUuid(): string {
  const now = Date.now();
  if (now > lastMs) {
    lastMs = now;
    sequence = 0;
    random = randomBytes(8);
  } else if (++sequence === PER_MILLISECOND) {
    lastMs += 1;
    sequence = 0;
    random = randomBytes(8);
  }
  const ms = lastMs;
  const high = Math.floor(ms / 0x10000);
  const b = [
    (high >>> 24) & 0xff,
    (high >>> 16) & 0xff,
    (high >>> 8) & 0xff,
    high & 0xff,
    (ms >>> 8) & 0xff,
    ms & 0xff,
    0x70 | (sequence >>> 8),
    sequence & 0xff,
    0x80 | ((random[0] as number) & 0x3f),
    ...random.subarray(1, 8),
  ];
  const h = b.map((x) => HEX[x] as string);
  return `${h.slice(0, 4).join('')}-${h.slice(4, 6).join('')}-${h.slice(6, 8).join('')}-${h.slice(8, 10).join('')}-${h.slice(10, 16).join('')}`;
}
