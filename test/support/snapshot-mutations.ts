/** A deterministic PRNG (mulberry32): the same seed gives the same sequence on every machine. */
export class SeededRandom {
  private state: number;

  constructor(readonly seed: number) {
    this.state = seed >>> 0;
  }

  /** A float in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  pick<T>(items: readonly T[]): T {
    const item = items[this.int(items.length)];
    if (item === undefined) throw new Error('pick from an empty list');
    return item;
  }
}

/** A snapshot as files: relative path -> raw bytes. */
export type SnapshotBytes = Map<string, Buffer>;

export type MutationKind =
  | 'byte-flip'
  | 'nul-byte'
  | 'truncate'
  | 'duplicate-line'
  | 'remove-line'
  | 'huge-number'
  | 'odd-unicode'
  | 'wrong-file-name'
  | 'delete-file'
  | 'empty-file';

export const MUTATION_KINDS: readonly MutationKind[] = [
  'byte-flip',
  'nul-byte',
  'truncate',
  'duplicate-line',
  'remove-line',
  'huge-number',
  'odd-unicode',
  'wrong-file-name',
  'delete-file',
  'empty-file',
];

const HUGE_NUMBERS = [
  '99999999999999999999999999',
  '18446744073709551616',
  '18446744073709551615',
  '9223372036854775808',
  '4294967296',
  '-1',
  '1e400',
  '0x',
  '65536',
  '-0',
  'NaN',
];

/** Right-to-left override, BOM, zero-width joiner, line separator, a combining mark, an emoji, a lone surrogate. */
const ODD_UNICODE = ['\u202e', '\ufeff', '\u200d', '\u2028', 'e\u0301', '\u{1f525}', '\ud800', '\uffff', 'ǅ', '\u0085'];

const WRONG_NAMES = [
  (path: string): string => `${path}.bak`,
  (path: string): string => path.toUpperCase(),
  (path: string): string => path.replace(/\.(txt|yaml|json)$/, '.tx'),
  (path: string): string => `hosts/${path}`,
  (path: string): string => path.replace(/^hosts\/[^/]+\//, 'hosts/'),
  (path: string): string => path.replace(/\//g, '//'),
  (path: string): string => `${path.split('/').slice(0, -1).join('/')}/\u00e9t\u00e9 \u{1f525}.txt`,
  (): string => 'snapshot.yml',
  (): string => 'hosts/x/../../../etc/passwd',
  (): string => '/etc/passwd',
];

/** What one mutation did, for the replay message. */
export interface AppliedMutation {
  kind: MutationKind;
  file: string;
  detail: string;
}

function lines(content: Buffer): string[] {
  return content.toString('latin1').split('\n');
}

function fromLines(parts: string[]): Buffer {
  return Buffer.from(parts.join('\n'), 'latin1');
}

function insertAt(content: Buffer, at: number, inserted: Buffer): Buffer {
  return Buffer.concat([content.subarray(0, at), inserted, content.subarray(at)]);
}

/** Applies one mutation of `kind` to a random file of `files` (in place); returns what it did. */
export function mutate(files: SnapshotBytes, kind: MutationKind, random: SeededRandom): AppliedMutation | undefined {
  const paths = [...files.keys()].sort();
  if (paths.length === 0) return undefined;
  const file = random.pick(paths);
  const content = files.get(file) ?? Buffer.alloc(0);
  const at = random.int(content.length + 1);
  switch (kind) {
    case 'byte-flip': {
      const copy = Buffer.from(content);
      const flips = 1 + random.int(4);
      for (let i = 0; i < flips && copy.length > 0; i += 1) {
        const index = random.int(copy.length);
        copy[index] = (copy[index] ?? 0) ^ (1 << random.int(8));
      }
      files.set(file, copy);
      return { kind, file, detail: `${flips} bit(s)` };
    }
    case 'nul-byte':
      files.set(file, insertAt(content, at, Buffer.from([0])));
      return { kind, file, detail: `at byte ${at}` };
    case 'truncate':
      files.set(file, content.subarray(0, at));
      return { kind, file, detail: `to ${at} bytes` };
    case 'duplicate-line':
    case 'remove-line': {
      const parts = lines(content);
      const index = random.int(parts.length);
      if (kind === 'duplicate-line') parts.splice(index, 0, parts[index] ?? '');
      else parts.splice(index, 1);
      files.set(file, fromLines(parts));
      return { kind, file, detail: `line ${index + 1}` };
    }
    case 'huge-number': {
      const text = content.toString('latin1');
      const numbers = [...text.matchAll(/\d+/g)];
      const huge = random.pick(HUGE_NUMBERS);
      if (numbers.length === 0) {
        files.set(file, insertAt(content, at, Buffer.from(huge)));
        return { kind, file, detail: `${huge} inserted at byte ${at}` };
      }
      const match = random.pick(numbers);
      const start = match.index ?? 0;
      files.set(file, Buffer.from(text.slice(0, start) + huge + text.slice(start + match[0].length), 'latin1'));
      return { kind, file, detail: `${match[0]} -> ${huge} at byte ${start}` };
    }
    case 'odd-unicode': {
      const odd = random.pick(ODD_UNICODE);
      files.set(file, insertAt(content, at, Buffer.from(odd, 'utf8')));
      return { kind, file, detail: `${JSON.stringify(odd)} at byte ${at}` };
    }
    case 'wrong-file-name': {
      const renamed = random.pick(WRONG_NAMES)(file);
      files.delete(file);
      files.set(renamed, content);
      return { kind, file, detail: `renamed ${JSON.stringify(renamed)}` };
    }
    case 'delete-file':
      files.delete(file);
      return { kind, file, detail: 'deleted' };
    case 'empty-file':
      files.set(file, Buffer.alloc(0));
      return { kind, file, detail: 'emptied' };
  }
}
