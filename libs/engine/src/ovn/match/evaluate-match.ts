import {
  OVN_MATCH_SYMBOLS,
  type OvnMatchExpr,
  type OvnMatchField,
  type OvnMatchRelop,
  type OvnMatchSymbol,
  type OvnMatchValue,
} from '@hookpath/model';
import { literalBits, type MatchBits, parseMatchBits } from './match-constant';
import type { OvnMatchEnv, OvnMatchResult } from './match-env';
import { PREDICATE_EXPANSIONS } from './match-predicates';

const TRUE: OvnMatchResult = { value: true };
const FALSE: OvnMatchResult = { value: false };
const TURNED: Record<'<' | '<=' | '>' | '>=', OvnMatchRelop> = { '<': '>', '<=': '>=', '>': '<', '>=': '<=' };

/** Kleene "and": false wins over unknown, unknown over true. */
function allOf(results: Iterable<() => OvnMatchResult>): OvnMatchResult {
  let unknown: OvnMatchResult | undefined;
  for (const next of results) {
    const r = next();
    if ('unknown' in r) unknown ??= r;
    else if (!r.value) return FALSE;
  }
  return unknown ?? TRUE;
}

/** Kleene "or": true wins over unknown, unknown over false. */
function anyOf(results: Iterable<() => OvnMatchResult>): OvnMatchResult {
  let unknown: OvnMatchResult | undefined;
  for (const next of results) {
    const r = next();
    if ('unknown' in r) unknown ??= r;
    else if (r.value) return TRUE;
  }
  return unknown ?? FALSE;
}

const known = (value: boolean): OvnMatchResult => (value ? TRUE : FALSE);
const lowBits = (n: number): bigint => (1n << BigInt(n)) - 1n;

/** A value a field is compared with: bits, or a logical port name. */
export type MatchItem = MatchBits | string;

/** Address sets parsed once per list (a compiled snapshot hands out the same arrays every time). */
const parsedSets = new WeakMap<readonly string[], MatchBits[]>();

type Literal = Parameters<typeof literalBits>[0];

/** A literal's bits, read once per literal of a parsed match (the compiled snapshot keeps the trees). */
const literals = new WeakMap<Literal, MatchBits | null>();

function literalBitsOnce(v: Literal): MatchBits | null {
  let bits = literals.get(v);
  if (bits === undefined) {
    bits = literalBits(v);
    literals.set(v, bits);
  }
  return bits;
}

function addressSetBits(addresses: readonly string[]): MatchBits[] {
  let bits = parsedSets.get(addresses);
  if (bits === undefined) {
    // OVN skips entries it cannot read (expr_constant_set_create_integers).
    bits = addresses.map(parseMatchBits).filter((b): b is MatchBits => b !== null);
    parsedSets.set(addresses, bits);
  }
  return bits;
}

/** The sets a match refers to: NB address sets and port groups (undefined: not captured). */
export type MatchSets = Pick<OvnMatchEnv, 'addressSet' | 'portGroup'>;

/**
 * The constants of a comparison as bits or port names, `$set` and `@group` expanded; unknown when a
 * set was not captured. Literals that cannot be read are left out, as OVN leaves them out.
 */
export function expandValues(values: readonly OvnMatchValue[], sets: MatchSets): readonly MatchItem[] | { unknown: string } {
  // one address set (kube-ovn's policies and ACLs): its parsed entries as they are
  const only = values.length === 1 ? values[0] : undefined;
  if (only?.kind === 'addressSet') {
    const addresses = sets.addressSet(only.name);
    return addresses === undefined ? { unknown: `$${only.name}` } : addressSetBits(addresses);
  }
  const items: MatchItem[] = [];
  for (const v of values) {
    switch (v.kind) {
      case 'string':
        items.push(v.value);
        break;
      case 'portGroup': {
        const ports = sets.portGroup(v.name);
        if (!ports) return { unknown: `@${v.name}` };
        items.push(...ports);
        break;
      }
      case 'addressSet': {
        const addresses = sets.addressSet(v.name);
        if (!addresses) return { unknown: `$${v.name}` };
        items.push(...addressSetBits(addresses));
        break;
      }
      case 'integer':
      case 'ipv4':
      case 'ipv6':
      case 'mac': {
        const bits = literalBitsOnce(v);
        if (bits) items.push(bits);
        break;
      }
    }
  }
  return items;
}

/**
 * Evaluates the match the way OVN compiles it (expr_annotate): `!` is pushed down to the
 * comparisons, and every comparison is ANDed with its field's prerequisites outside any negation —
 * `!(tcp.dst == 80)` is false for a UDP packet, `ip4.src == x` needs `eth.type == 0x800`. A
 * comparison against an empty set (an empty address set) is a constant without prerequisites.
 */
class MatchEvaluator {
  /** Fields' values as read from the environment (a field given as text is parsed once). */
  private readonly values = new Map<string, bigint | string | undefined>();
  private readonly prereqs = new Map<OvnMatchSymbol, OvnMatchResult>();

  constructor(private readonly env: OvnMatchEnv) {}

  eval(e: OvnMatchExpr, neg: boolean): OvnMatchResult {
    switch (e.kind) {
      case 'boolean':
        return known(e.value !== neg);
      case 'and':
      case 'or': {
        const thunks = e.operands.map((o) => () => this.eval(o, neg));
        return (e.kind === 'and') !== neg ? allOf(thunks) : anyOf(thunks);
      }
      case 'not':
        return this.eval(e.operand, !neg);
      case 'cmp':
        return this.compare(e.field, e.op, e.values, neg);
      case 'range':
        return (neg ? anyOf : allOf)([
          () => this.compare(e.field, TURNED[e.leftOp], [e.left], neg),
          () => this.compare(e.field, e.rightOp, [e.right], neg),
        ]);
      case 'field':
        return this.test(e.field, neg);
      case 'call': {
        const resident = this.env.chassisResident?.(e.port);
        return resident === undefined ? { unknown: `is_chassis_resident(${JSON.stringify(e.port)})` } : known(resident !== neg);
      }
    }
  }

  private symbol(name: string): OvnMatchSymbol | undefined {
    return OVN_MATCH_SYMBOLS[name];
  }

  /** A field on its own: a predicate's expansion, or `field != 0`. */
  private test(field: OvnMatchField, neg: boolean): OvnMatchResult {
    const sym = this.symbol(field.name);
    if (sym?.kind === 'predicate') return this.eval(PREDICATE_EXPANSIONS[sym.name], neg);
    return this.compare(field, '!=', [{ kind: 'integer', format: 'hex', value: '0' }], neg);
  }

  private compare(field: OvnMatchField, op: OvnMatchRelop, values: OvnMatchValue[], neg: boolean): OvnMatchResult {
    const sym = this.symbol(field.name);
    if (!sym) return { unknown: field.name };
    if (sym.kind === 'predicate') {
      // `ip4 == 1` is `ip4`, `eth.bcast == 0` is `!eth.bcast`.
      const tests = values.map((v): OvnMatchExpr => {
        const odd = v.kind === 'integer' && BigInt(v.value) % 2n === 1n;
        const test: OvnMatchExpr = { kind: 'field', field: { name: field.name } };
        return odd !== (op === '!=') ? test : { kind: 'not', operand: test };
      });
      return this.eval({ kind: op === '==' ? 'or' : 'and', operands: tests }, neg);
    }
    const items = expandValues(values, this.env);
    if ('unknown' in items) return items;
    if (items.length === 0) return known((op === '!=') !== neg);
    const pre = this.prerequisites(sym);
    if ('value' in pre && !pre.value) return FALSE;
    const actual = this.fieldValue(field);
    if (typeof actual === 'object') return 'unknown' in pre ? pre : actual;
    const width = field.bits ? field.bits.high - field.bits.low + 1 : undefined;
    // the comparison AND its prerequisites: false wins over unknown
    if (holds(actual, op, items, width) === neg) return FALSE;
    return 'unknown' in pre ? pre : TRUE;
  }

  /** The prerequisites of a symbol and of the fields it is carved from, ANDed, never negated (read once per symbol). */
  private prerequisites(sym: OvnMatchSymbol): OvnMatchResult {
    let result = this.prereqs.get(sym);
    if (result === undefined) {
      result = this.readPrerequisites(sym);
      this.prereqs.set(sym, result);
    }
    return result;
  }

  private readPrerequisites(sym: OvnMatchSymbol): OvnMatchResult {
    const names: string[] = [];
    for (let s: OvnMatchSymbol | undefined = sym; s; s = s.kind === 'subfield' ? this.symbol(s.parent) : undefined) {
      if (s.kind !== 'predicate' && s.prereq !== undefined) names.push(s.prereq);
    }
    return allOf(names.map((name) => () => this.test({ name }, false)));
  }

  /** The field's value: from the environment, else from the bits of its parent field. */
  fieldValue(field: OvnMatchField): bigint | string | { unknown: string } {
    const whole = this.raw(field.name);
    if (whole === undefined) return { unknown: field.name };
    if (!field.bits) return whole;
    if (typeof whole === 'string') return { unknown: field.name };
    return (whole >> BigInt(field.bits.low)) & lowBits(field.bits.high - field.bits.low + 1);
  }

  private raw(name: string): bigint | string | undefined {
    if (this.values.has(name)) return this.values.get(name);
    const value = this.read(name);
    this.values.set(name, value);
    return value;
  }

  private read(name: string): bigint | string | undefined {
    const sym = this.symbol(name);
    const v = this.env.field(name);
    if (typeof v === 'boolean') return v ? 1n : 0n;
    if (typeof v === 'bigint') return v;
    if (typeof v === 'string') return sym?.kind === 'string' ? v : parseMatchBits(v)?.value;
    if (sym?.kind !== 'subfield') return undefined;
    const parent = this.raw(sym.parent);
    if (typeof parent !== 'bigint') return undefined;
    return (parent >> BigInt(sym.low)) & lowBits(sym.high - sym.low + 1);
  }
}

/** `actual op items`: `==` holds for one of them, every other operator for each of them. */
function holds(actual: bigint | string, op: OvnMatchRelop, items: readonly MatchItem[], width: number | undefined): boolean {
  const equal = (item: MatchItem): boolean => {
    if (typeof actual === 'string' || typeof item === 'string') return actual === item;
    // every bit counts: no masking (each BigInt operation allocates)
    if (item.mask === undefined && width === undefined) return actual === item.value;
    const keep = width === undefined ? -1n : lowBits(width);
    const mask = (item.mask ?? -1n) & keep;
    return (actual & mask) === (item.value & mask);
  };
  const order = (item: MatchItem): boolean => {
    if (typeof actual === 'string' || typeof item === 'string') return false;
    const c = width === undefined ? item.value : item.value & lowBits(width);
    switch (op) {
      case '<':
        return actual < c;
      case '<=':
        return actual <= c;
      case '>':
        return actual > c;
      case '>=':
        return actual >= c;
      case '==':
      case '!=':
        return equal(item) === (op === '==');
    }
  };
  if (op === '==') return items.some(equal);
  if (op === '!=') return items.every((i) => !equal(i));
  return items.every(order);
}

/** One evaluator per environment: a stage testing many rows' matches on one packet reads its fields once. */
const evaluators = new WeakMap<OvnMatchEnv, MatchEvaluator>();

function evaluatorOf(env: OvnMatchEnv): MatchEvaluator {
  let evaluator = evaluators.get(env);
  if (evaluator === undefined) {
    evaluator = new MatchEvaluator(env);
    evaluators.set(env, evaluator);
  }
  return evaluator;
}

/** Evaluates an OVN match against one microflow. */
export function evaluateMatch(expr: OvnMatchExpr, env: OvnMatchEnv): OvnMatchResult {
  return evaluatorOf(env).eval(expr, false);
}

/** A whole field's value as a comparison reads it (a port name, or bits), or unknown. */
export function matchFieldValue(env: OvnMatchEnv, name: string): bigint | string | { unknown: string } {
  return evaluatorOf(env).fieldValue({ name });
}
