import {
  OVN_MATCH_SYMBOLS,
  type OvnMatchExpr,
  type OvnMatchField,
  type OvnMatchRelop,
  type OvnMatchSymbol,
  type OvnMatchValue,
} from '@hookpath/model';
import { lexOvnMatchToken, type OvnMatchToken } from './lex-ovn-match';

/** What `parseOvnMatch` returns: the tree, or OVN's message and the 0-based offset where it stopped. */
export type OvnMatchParse = { expr: OvnMatchExpr } | { error: string; offset: number };

const MAX_PAREN_DEPTH = 100;

class MatchError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
  }
}

/** One constant of a set, with what the type check needs. */
interface SetItem {
  value: OvnMatchValue;
  type: 'integer' | 'string';
  /** Bit width for integers (unknown for address sets); masked integers forbid ordering operators. */
  width?: number;
  masked: boolean;
  offset: number;
}

interface ConstantSet {
  items: SetItem[];
  braces: boolean;
}

interface ParsedField {
  field: OvnMatchField;
  symbol: OvnMatchSymbol;
  nBits: number;
  offset: number;
}

const RELOPS: readonly string[] = ['==', '!=', '<', '<=', '>', '>='];
const TURNED: Record<OvnMatchRelop, OvnMatchRelop> = { '==': '==', '!=': '!=', '<': '>', '<=': '>=', '>': '<', '>=': '<=' };

function isRelop(t: OvnMatchToken): t is OvnMatchToken & { type: OvnMatchRelop } {
  return RELOPS.includes(t.type);
}

/** Width of a symbol in bits (0 for a string field), as expr.c's symbol->width. */
export function ovnSymbolWidth(symbol: OvnMatchSymbol): number {
  switch (symbol.kind) {
    case 'string':
      return 0;
    case 'field':
      return symbol.width;
    case 'subfield':
      return symbol.high - symbol.low + 1;
    case 'predicate':
      return 1;
  }
}

/** OVN's level of a symbol: subfields take their parent's. */
function levelOf(symbol: OvnMatchSymbol): 'nominal' | 'ordinal' | 'boolean' {
  switch (symbol.kind) {
    case 'string':
      return 'nominal';
    case 'field':
      return symbol.level;
    case 'subfield': {
      const parent = OVN_MATCH_SYMBOLS[symbol.parent];
      return parent ? levelOf(parent) : 'ordinal';
    }
    case 'predicate':
      return symbol.level;
  }
}

/** A recursive-descent parser that follows expr_parse__() of lib/expr.c step by step. */
class MatchParser {
  private token: OvnMatchToken;
  private not = false;
  private depth = 0;

  constructor(private readonly input: string) {
    this.token = lexOvnMatchToken(input, 0);
  }

  parse(): OvnMatchExpr {
    const e = this.parseExpr();
    this.forceEnd();
    return e;
  }

  /** The current token's type, read afresh (advance() changes it behind the compiler's back). */
  private at(type: OvnMatchToken['type']): boolean {
    return this.token.type === type;
  }

  private advance(): void {
    this.token = lexOvnMatchToken(this.input, this.token.end);
  }

  private lookahead(): OvnMatchToken {
    return lexOvnMatchToken(this.input, this.token.end);
  }

  /** lexer_error(): a lexical error in the current token wins over the parser's message. */
  private fail(message: string, offset: number = this.token.start): never {
    if (this.token.type === 'error') throw new MatchError(this.token.message, this.token.start);
    throw new MatchError(message, offset);
  }

  /** lexer_syntax_error(): "Syntax error at `token' expecting ...". */
  private syntax(expecting: string): never {
    const t = this.token;
    const at = t.type === 'end' ? ' at end of input' : ` at \`${this.input.slice(t.start, t.end)}'`;
    this.fail(`Syntax error${at} ${expecting}.`);
  }

  private forceMatch(type: ')' | ']'): void {
    if (this.token.type !== type) this.syntax(`expecting \`${type}'`);
    this.advance();
  }

  private forceEnd(): void {
    if (this.token.type !== 'end') this.syntax('expecting end of input');
  }

  private parseExpr(): OvnMatchExpr {
    const first = this.parseNot();
    const op = this.token.type;
    if (op !== '&&' && op !== '||') return first;
    const operands = [first];
    while (this.at(op)) {
      this.advance();
      operands.push(this.parseNot());
    }
    if (this.at('&&') || this.at('||')) this.fail('&& and || must be parenthesized when used together.');
    return op === '&&' ? { kind: 'and', operands } : { kind: 'or', operands };
  }

  private parseNot(): OvnMatchExpr {
    if (this.token.type !== '!') return this.parsePrimary().expr;
    this.advance();
    const operandStart = this.token.start;
    this.not = !this.not;
    const { expr, atomic } = this.parsePrimary();
    this.not = !this.not;
    if (!atomic) this.fail('Missing parentheses around operand of !.', operandStart);
    return { kind: 'not', operand: expr };
  }

  private parsePrimary(): { expr: OvnMatchExpr; atomic: boolean } {
    const t = this.token;
    if (t.type === '(') {
      if (this.depth >= MAX_PAREN_DEPTH) this.fail('Parentheses nested too deeply.');
      this.advance();
      this.depth++;
      const expr = this.parseExpr();
      this.depth--;
      this.forceMatch(')');
      return { expr, atomic: true };
    }
    if (t.type === 'template') this.fail('Unexpanded template.');
    if (t.type === 'id') {
      if (this.lookahead().type === '(') return { expr: this.parseCall(t.text), atomic: true };
      const f = this.parseField();
      if (!isRelop(this.token)) {
        if (f.nBits === 0 || this.token.type === '=') this.syntax('expecting relational operator');
        if (f.nBits > 1 && !this.not) this.fail("Explicit `!= 0' is required for inequality test of multibit field against 0.");
        const zero: SetItem = {
          value: { kind: 'integer', format: 'hex', value: '0' },
          type: 'integer',
          width: 0,
          masked: false,
          offset: f.offset,
        };
        this.checkCmp(f, '!=', { items: [zero], braces: false });
        return { expr: { kind: 'field', field: f.field }, atomic: true };
      }
      const op = this.token.type;
      this.advance();
      const set = this.parseConstantSet();
      this.checkCmp(f, op, set);
      return { expr: { kind: 'cmp', field: f.field, op, values: set.items.map((i) => i.value), braces: set.braces }, atomic: false };
    }
    return this.parseConstantFirst();
  }

  private parseCall(name: string): OvnMatchExpr {
    if (name !== 'is_chassis_resident') this.fail('parsing function name');
    this.advance();
    this.advance();
    const arg = this.token;
    if (arg.type !== 'string') this.syntax('expecting string');
    this.advance();
    this.forceMatch(')');
    return { kind: 'call', function: 'is_chassis_resident', port: arg.text };
  }

  /** `1`, `0`, `80 == tcp.dst` or `1000 <= tcp.dst <= 2000`. */
  private parseConstantFirst(): { expr: OvnMatchExpr; atomic: boolean } {
    const c1 = this.parseConstantSet();
    const only = c1.items[0];
    if (!isRelop(this.token) && c1.items.length === 1 && only && !c1.braces && !only.masked) {
      const v = only.value;
      if (v.kind === 'integer' && v.format === 'decimal' && (v.value === '0' || v.value === '1')) {
        return { expr: { kind: 'boolean', value: v.value === '1' }, atomic: true };
      }
    }
    if (!isRelop(this.token)) this.syntax('expecting relational operator');
    const r1 = this.token.type;
    this.advance();
    const f = this.parseField();
    if (!isRelop(this.token)) {
      this.checkCmp(f, TURNED[r1], c1);
      const values = c1.items.map((i) => i.value);
      return { expr: { kind: 'cmp', field: f.field, op: TURNED[r1], values, braces: c1.braces, constantFirst: true }, atomic: false };
    }
    const r2 = this.token.type;
    this.advance();
    const c2 = this.parseConstantSet();
    const ascending = (r: OvnMatchRelop): r is '<' | '<=' => r === '<' || r === '<=';
    const descending = (r: OvnMatchRelop): r is '>' | '>=' => r === '>' || r === '>=';
    const left = c1.items[0];
    const right = c2.items[0];
    if (!((ascending(r1) && ascending(r2)) || (descending(r1) && descending(r2))) || !left || !right) {
      this.fail(
        "Range expressions must have the form `x < field < y' or `x > field > y', with each `<' optionally replaced by `<=' or `>' by `>=').",
      );
    }
    this.checkCmp(f, TURNED[r1], c1);
    this.checkCmp(f, r2, c2);
    return { expr: { kind: 'range', field: f.field, left: left.value, leftOp: r1, rightOp: r2, right: right.value }, atomic: false };
  }

  private parseField(): ParsedField {
    const t = this.token;
    const symbol = t.type === 'id' ? OVN_MATCH_SYMBOLS[t.text] : undefined;
    if (t.type !== 'id' || !symbol) this.syntax('expecting field name');
    const offset = t.start;
    const name = t.text;
    this.advance();
    const width = ovnSymbolWidth(symbol);
    if (this.token.type !== '[') return { field: { name }, symbol, nBits: width, offset };
    this.advance();
    if (width === 0) this.fail(`Cannot select subfield of string field ${name}.`);
    const low = this.forceInt();
    let high = low;
    if (this.at('..')) {
      this.advance();
      high = this.forceInt();
    }
    this.forceMatch(']');
    if (low > high) this.fail(`Invalid bit range ${low} to ${high}.`, offset);
    if (high >= width) this.fail(`Cannot select bits ${low} to ${high} of ${width}-bit field ${name}.`, offset);
    if (levelOf(symbol) === 'nominal' && (low !== 0 || high !== width - 1))
      this.fail(`Cannot select subfield of nominal field ${name}.`, offset);
    return { field: { name, bits: { low, high } }, symbol, nBits: high - low + 1, offset };
  }

  private forceInt(): number {
    const t = this.token;
    if (t.type === 'number' && t.constant.format === 'decimal' && !t.constant.masked && t.constant.number <= 0x7fffffffn) {
      this.advance();
      return Number(t.constant.number);
    }
    this.syntax('expecting small integer');
  }

  private parseConstantSet(): ConstantSet {
    if (this.token.type !== '{') return { items: [this.parseConstant([])], braces: false };
    this.advance();
    const items: SetItem[] = [];
    do {
      items.push(this.parseConstant(items));
      if (this.at(',')) this.advance();
    } while (!this.at('}'));
    this.advance();
    return { items, braces: true };
  }

  private parseConstant(sofar: SetItem[]): SetItem {
    const t = this.token;
    const assign = (type: 'integer' | 'string'): void => {
      const first = sofar[0];
      if (first && first.type !== type) this.syntax(`expecting ${first.type}`);
    };
    let item: SetItem;
    if (t.type === 'template') {
      this.fail('Unexpanded template.');
    } else if (t.type === 'string') {
      assign('string');
      item = { value: { kind: 'string', value: t.text }, type: 'string', masked: false, offset: t.start };
    } else if (t.type === 'number') {
      assign('integer');
      item = { value: t.constant.value, type: 'integer', width: t.constant.width, masked: t.constant.masked, offset: t.start };
    } else if (t.type === 'addressSet') {
      assign('integer');
      item = { value: { kind: 'addressSet', name: t.text }, type: 'integer', masked: false, offset: t.start };
    } else if (t.type === 'portGroup') {
      assign('string');
      item = { value: { kind: 'portGroup', name: t.text }, type: 'string', masked: false, offset: t.start };
    } else {
      this.syntax('expecting constant');
    }
    this.advance();
    return item;
  }

  /** make_cmp() and type_check() of expr.c. */
  private checkCmp(f: ParsedField, op: OvnMatchRelop, set: ConstantSet): void {
    const width = ovnSymbolWidth(f.symbol);
    const name = f.field.name;
    const first = set.items[0];
    if (first && first.type !== (width ? 'integer' : 'string')) {
      this.fail(`${width ? 'Integer' : 'String'} field ${name} is not compatible with ${first.type} constant.`, first.offset);
    }
    for (const item of set.items) {
      if (width && item.width !== undefined && item.width > width) {
        this.fail(`${item.width}-bit constant is not compatible with ${width}-bit field ${name}.`, item.offset);
      }
    }
    const level = levelOf(f.symbol);
    if (op !== '==' && op !== '!=') {
      if (set.braces) this.fail('Only == and != operators may be used with value sets.', f.offset);
      if (level === 'nominal' || level === 'boolean') {
        this.fail(`Only == and != operators may be used with ${level === 'nominal' ? 'nominal' : 'Boolean'} field ${name}.`, f.offset);
      }
      if (first?.masked) {
        this.fail(
          'Only == and != operators may be used with masked constants.  Consider using subfields instead ' +
            '(e.g. eth.src[0..15] > 0x1111 in place of eth.src > 00:00:00:00:11:11/00:00:00:00:ff:ff).',
          first.offset,
        );
      }
    }
    if (level !== 'nominal') return;
    if (f.symbol.kind === 'predicate') {
      for (const item of set.items) {
        const v = item.value;
        const odd = v.kind === 'integer' && BigInt(v.value) % 2n === 1n;
        const positive = (odd !== (op === '!=')) !== this.not;
        if (!positive) {
          this.fail(
            `Nominal predicate ${name} may only be tested positively, e.g. \`${name}' or \`${name} == 1' but not \`!${name}' or \`${name} == 0'.`,
            f.offset,
          );
        }
      }
    } else if (op !== (this.not ? '!=' : '==')) {
      this.fail(`Nominal field ${name} may only be tested for equality (taking enclosing \`!' operators into account).`, f.offset);
    }
  }
}

/**
 * Parses an OVN match expression as ovn-northd / ovn-controller (OVN 23.03) accept it in ACLs and
 * router policies. Errors carry OVN's own message and the 0-based offset in `text` of the token
 * where reading stopped.
 */
export function parseOvnMatch(text: string): OvnMatchParse {
  try {
    return { expr: new MatchParser(text).parse() };
  } catch (e) {
    if (e instanceof MatchError) return { error: e.message, offset: e.offset };
    throw e;
  }
}
