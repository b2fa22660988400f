import { knownOptions, optionArity } from './option-arity';

export const enum FlagKind {
  /** `-s -d -i -o -p -f` and their long forms: options of the `ip` match. */
  Builtin,
  /** `-m` / `--match MODULE`. */
  Match,
  /** `-j` / `--jump TARGET`. */
  Jump,
  /** `-g` / `--goto CHAIN`. */
  Goto,
  /** `-c` / `--set-counters PACKETS BYTES`. */
  Counters,
  /** `--name`: an option of the current match or target. */
  Option,
  /** Any other `-x`. */
  UnknownShort,
}

/** What a token starting with `-` means in a rule, with the option's long name and value count. */
export interface FlagInfo {
  kind: FlagKind;
  /** Long name without dashes (`source`, `dport`); the token itself for UnknownShort. */
  name: string;
  /** Values the option takes; -1 when not known (it takes every token up to the next option). */
  arity: number;
}

/**
 * Every flag seen so far, so that each option token costs one lookup and every rule shares the
 * option name strings. Unknown flags are added up to a bound, so that odd input cannot make the
 * table large.
 */
const FLAGS = new Map<string, FlagInfo>();
const MAX_FLAGS = 4096;

function define(kind: FlagKind, name: string, arity: number, flags: readonly string[]): void {
  const info: FlagInfo = { kind, name, arity };
  for (const flag of flags) FLAGS.set(flag, info);
}

define(FlagKind.Builtin, 'source', 1, ['-s', '--source', '--src']);
define(FlagKind.Builtin, 'destination', 1, ['-d', '--destination', '--dst']);
define(FlagKind.Builtin, 'in-interface', 1, ['-i', '--in-interface']);
define(FlagKind.Builtin, 'out-interface', 1, ['-o', '--out-interface']);
define(FlagKind.Builtin, 'protocol', 1, ['-p', '--protocol']);
define(FlagKind.Builtin, 'fragment', 0, ['-f', '--fragment']);
define(FlagKind.Match, 'match', 1, ['-m', '--match']);
define(FlagKind.Jump, 'jump', 1, ['-j', '--jump']);
define(FlagKind.Goto, 'goto', 1, ['-g', '--goto']);
define(FlagKind.Counters, 'set-counters', 2, ['-c', '--set-counters']);
for (const [name, arity] of knownOptions()) define(FlagKind.Option, name, arity, [`--${name}`]);

/** The meaning of `flag`, a token that starts with `-` and is longer than one character. */
export function flagInfo(flag: string): FlagInfo {
  const known = FLAGS.get(flag);
  if (known !== undefined) return known;
  let info: FlagInfo;
  if (flag.charCodeAt(1) === 45) {
    const name = flag.slice(2);
    info = { kind: FlagKind.Option, name, arity: optionArity(name) };
  } else {
    info = { kind: FlagKind.UnknownShort, name: flag, arity: 0 };
  }
  if (FLAGS.size < MAX_FLAGS) FLAGS.set(flag, info);
  return info;
}

/**
 * The predefined flags by length, then by the character after the dashes, so that the tokenizer
 * can return the one shared string for a flag without cutting a new one out of the line.
 */
const BY_SHAPE: Array<Map<number, string[]> | undefined> = [];
for (const flag of FLAGS.keys()) {
  const key = flag.charCodeAt(flag.charCodeAt(1) === 45 ? 2 : 1);
  let byChar = BY_SHAPE[flag.length];
  if (byChar === undefined) BY_SHAPE[flag.length] = byChar = new Map();
  const list = byChar.get(key);
  if (list === undefined) byChar.set(key, [flag]);
  else list.push(flag);
}

/** The shared string of the predefined flag `line[start, end)`, or null when it is not one. */
export function sharedFlag(line: string, start: number, end: number): string | null {
  const byChar = BY_SHAPE[end - start];
  if (byChar === undefined) return null;
  const second = line.charCodeAt(start + 1);
  const list = byChar.get(second === 45 ? line.charCodeAt(start + 2) : second);
  if (list === undefined) return null;
  for (let k = 0; k < list.length; k++) {
    const flag = list[k] as string;
    if (line.startsWith(flag, start)) return flag;
  }
  return null;
}
