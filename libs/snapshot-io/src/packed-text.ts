import { promisify } from 'node:util';
import { constants, crc32, deflateRaw, deflateRawSync, gunzipSync, inflateRawSync, type ZlibOptions } from 'node:zlib';
import type { StoredLines } from '@hookpath/model';

/**
 * A stored file's text: gzip as BGZF writes it (the blocked gzip of htslib's `bgzip`), a series of
 * gzip members of at most BLOCK_BYTES of text each, every member naming its own compressed size in
 * a `BC` extra field. Any gzip reader reads it whole; this module also reads one member alone,
 * which gives a file's lines again without holding its text: members end at line ends, so a line
 * is never split between two of them (a line longer than a block is, and the file is then read
 * whole only).
 */

/**
 * Text per member, a quarter of BGZF's limit (0xff00, which keeps a member under 64 KiB even when
 * nothing compresses). A line read alone costs the inflation of its member, which grows with the
 * member (bench/worker-memory prints what a random line of a node's ruleset costs); a smaller member
 * costs a few percent more bytes, each starting without the dictionary of the one before.
 */
export const BLOCK_BYTES = 0x4000;
const MAX_MEMBER_BYTES = 0x10000;
/** The fastest level: a cluster's iptables text compresses 4.6:1, in a fifth of the default level's time. */
const DEFLATE_OPTIONS = { level: constants.Z_BEST_SPEED } as const;
const LF = 0x0a;
const CR = 0x0d;
/** Gzip header with FEXTRA and a 6-byte extra field (`BC`, 2, BSIZE), and the 8-byte trailer. */
const HEADER_BYTES = 18;
const TRAILER_BYTES = 8;
/**
 * Members kept inflated across every file, several of one file among them (each up to BLOCK_BYTES,
 * about a megabyte in all): a trace compiles rules of several chains in turn, and each of their
 * members is inflated once rather than again at every switch between chains.
 */
const INFLATED_BLOCKS = 64;

const deflateRawAsync = promisify(deflateRaw) as (data: Uint8Array, options: ZlibOptions) => Promise<Buffer>;

/** Where each member's text ends in `text`: after the last line end that fits, or at the limit. */
function blockEnds(text: Uint8Array): number[] {
  const ends: number[] = [];
  let from = 0;
  while (from < text.byteLength) {
    let end = Math.min(from + BLOCK_BYTES, text.byteLength);
    if (end < text.byteLength) {
      const lastLf = text.lastIndexOf(LF, end - 1);
      if (lastLf >= from) end = lastLf + 1;
    }
    ends.push(end);
    from = end;
  }
  return ends;
}

function member(block: Uint8Array, deflated: Uint8Array): Buffer {
  const size = HEADER_BYTES + deflated.byteLength + TRAILER_BYTES;
  if (size > MAX_MEMBER_BYTES) throw new Error(`a gzip member of ${size} bytes does not fit BGZF's 64 KiB`);
  const out = Buffer.allocUnsafe(size);
  out.set([0x1f, 0x8b, 8, 4, 0, 0, 0, 0, 0, 0xff, 6, 0, 0x42, 0x43, 2, 0], 0);
  out.writeUInt16LE(size - 1, 16);
  out.set(deflated, HEADER_BYTES);
  out.writeUInt32LE(crc32(block), size - TRAILER_BYTES);
  out.writeUInt32LE(block.byteLength, size - 4);
  return out;
}

function blocksOf(text: Uint8Array): Uint8Array[] {
  const blocks: Uint8Array[] = [];
  let from = 0;
  for (const end of blockEnds(text)) {
    blocks.push(text.subarray(from, end));
    from = end;
  }
  // an empty text is one empty member, as gzip writes it
  return blocks.length === 0 ? [text] : blocks;
}

/** The stored form of `text` (UTF-8), on this thread. */
export function packText(text: Uint8Array): Buffer<ArrayBuffer> {
  return Buffer.concat(blocksOf(text).map((block) => member(block, deflateRawSync(block, DEFLATE_OPTIONS))));
}

/** The stored form of `text` (UTF-8), its members compressed on libuv's thread pool. */
export async function packTextAsync(text: Uint8Array): Promise<Buffer<ArrayBuffer>> {
  const blocks = blocksOf(text);
  const deflated = await Promise.all(blocks.map((block) => deflateRawAsync(block, DEFLATE_OPTIONS)));
  return Buffer.concat(blocks.map((block, i) => member(block, deflated[i] as Buffer)));
}

/** A stored file that does not read as gzip. */
export class PackedTextError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PackedTextError';
  }
}

/** The compressed size of the BGZF member at `at`, or null when it is a gzip member without `BC`. */
function memberSize(data: Uint8Array, at: number): number | null {
  if (data[at] !== 0x1f || data[at + 1] !== 0x8b || data[at + 2] !== 8) throw new PackedTextError(`no gzip member at byte ${at}`);
  if (((data[at + 3] as number) & 4) === 0) return null;
  const xlen = (data[at + 10] as number) | ((data[at + 11] as number) << 8);
  for (let p = at + 12; p + 4 <= at + 12 + xlen;) {
    const slen = (data[p + 2] as number) | ((data[p + 3] as number) << 8);
    if (data[p] === 0x42 && data[p + 1] === 0x43 && slen === 2 && xlen === 6)
      return ((data[p + 4] as number) | ((data[p + 5] as number) << 8)) + 1;
    p += 4 + slen;
  }
  return null;
}

/** The text of the member at `at`, `size` bytes, its CRC and length checked. */
function inflateMember(data: Uint8Array, at: number, size: number): Buffer {
  if (at + size > data.byteLength) throw new PackedTextError(`the gzip member at byte ${at} is cut short`);
  const text = inflateRawSync(data.subarray(at + HEADER_BYTES, at + size - TRAILER_BYTES));
  const view = Buffer.from(data.buffer, data.byteOffset + at + size - TRAILER_BYTES, TRAILER_BYTES);
  if (view.readUInt32LE(4) !== text.byteLength || view.readUInt32LE(0) !== crc32(text))
    throw new PackedTextError(`the gzip member at byte ${at} does not match its checksum`);
  return text;
}

function countLf(block: Uint8Array): number {
  let n = 0;
  for (let at = block.indexOf(LF); at >= 0; at = block.indexOf(LF, at + 1)) n++;
  return n;
}

/** Where a stored file's members start (then its end), each member's first line, and its line count. */
interface MemberIndex {
  starts: Uint32Array;
  firstLines: Uint32Array;
  count: number;
}

/**
 * A file as stored, read when asked: its text inflated anew each time (and not kept), and its lines
 * one member at a time once its members are known to end at line ends.
 */
export class StoredText {
  /** Undefined until the members were read; null for a file whose members do not end at line ends (or a plain gzip). */
  #lines: PackedLines | null | undefined = undefined;

  /** `path`: the file's, for errors. */
  constructor(
    private readonly path: string,
    private readonly data: Uint8Array,
  ) {}

  /** The whole text; a PackedTextError naming the file when it does not read. */
  content(): string {
    try {
      return this.inflate();
    } catch (error) {
      if (error instanceof PackedTextError) throw new PackedTextError(`${this.path}: ${error.message}`);
      throw error;
    }
  }

  private inflate(): string {
    const data = this.data;
    if (data.byteLength === 0 || memberSize(data, 0) === null) {
      this.#lines = null;
      try {
        return gunzipSync(data).toString('utf8');
      } catch (error) {
        throw new PackedTextError(`not gzip: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    const starts: number[] = [];
    const firstLines: number[] = [];
    const texts: Buffer[] = [];
    let lines = 0;
    let aligned = true;
    for (let at = 0; at < data.byteLength;) {
      const size = memberSize(data, at);
      if (size === null) throw new PackedTextError(`the gzip member at byte ${at} has no BGZF size`);
      const text = inflateMember(data, at, size);
      starts.push(at);
      firstLines.push(lines);
      texts.push(text);
      lines += countLf(text);
      at += size;
      // a member that ends inside a line (only a line longer than a block) leaves the file whole
      if (at < data.byteLength && text.byteLength > 0 && text[text.byteLength - 1] !== LF) aligned = false;
    }
    const last = texts.at(-1);
    if (last !== undefined && last.byteLength > 0 && last[last.byteLength - 1] !== LF) lines++;
    starts.push(data.byteLength);
    if (this.#lines === undefined)
      this.#lines = aligned
        ? new PackedLines(data, { starts: Uint32Array.from(starts), firstLines: Uint32Array.from(firstLines), count: lines })
        : null;
    return Buffer.concat(texts).toString('utf8');
  }

  /** Its lines, read one member at a time; null when its members do not end at line ends. */
  lines(): StoredLines | null {
    if (this.#lines === undefined) this.content();
    return this.#lines ?? null;
  }
}

/** One inflated member: its text and where each of its lines starts. */
interface InflatedBlock {
  text: Buffer;
  lineStarts: Uint32Array;
}

/** A member of a file: the file's lines and the member's index. */
interface MemberRef {
  lines: PackedLines;
  member: number;
}

/** The members inflated most recently, across every file: the least recently read goes first. */
const inflated = new Map<InflatedBlock, MemberRef>();

/**
 * A stored file's lines, each read by inflating the member that holds it and decoded alone: a string
 * of its own, which keeps no larger text alive in what is parsed from it.
 */
class PackedLines implements StoredLines {
  /** Its members among the inflated ones, by index. */
  readonly #blocks = new Map<number, InflatedBlock>();

  readonly count: number;
  /** Byte offset of each member, then the end. */
  private readonly memberStarts: Uint32Array;
  /** Index of each member's first line. */
  private readonly firstLines: Uint32Array;

  constructor(
    private readonly data: Uint8Array,
    index: MemberIndex,
  ) {
    this.memberStarts = index.starts;
    this.firstLines = index.firstLines;
    this.count = index.count;
  }

  line(index: number): string {
    if (!(index >= 0 && index < this.count)) throw new RangeError(`no line ${index + 1} of ${this.count}`);
    const b = this.blockOf(index);
    const block = this.inflate(b);
    const i = index - (this.firstLines[b] as number);
    const from = block.lineStarts[i] as number;
    let to = (block.lineStarts[i + 1] as number) - 1;
    if (block.text[to] !== LF) to = block.text.byteLength;
    else if (to > from && block.text[to - 1] === CR) to--;
    return block.text.toString('utf8', from, to);
  }

  /** The member holding line `index`: the last whose first line is at or before it. */
  private blockOf(index: number): number {
    let lo = 0;
    let hi = this.firstLines.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((this.firstLines[mid] as number) <= index) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  private inflate(b: number): InflatedBlock {
    let block = this.#blocks.get(b);
    if (block !== undefined) {
      const ref = inflated.get(block) as MemberRef;
      inflated.delete(block);
      inflated.set(block, ref);
      return block;
    }
    const at = this.memberStarts[b] as number;
    const text = inflateMember(this.data, at, (this.memberStarts[b + 1] as number) - at);
    const lineStarts = new Uint32Array(countLf(text) + 2);
    let n = 1;
    for (let p = text.indexOf(LF); p >= 0; p = text.indexOf(LF, p + 1)) lineStarts[n++] = p + 1;
    lineStarts[n] = text.byteLength + 1;
    block = { text, lineStarts };
    this.#blocks.set(b, block);
    inflated.set(block, { lines: this, member: b });
    if (inflated.size > INFLATED_BLOCKS) {
      const [oldest, ref] = inflated.entries().next().value as [InflatedBlock, MemberRef];
      inflated.delete(oldest);
      ref.lines.#blocks.delete(ref.member);
    }
    return block;
  }
}
