import type { Counters, IptablesRule, StoredLines } from '@hookpath/model';
import { LazyChain, ruleStart } from './lazy-chain';
import { LineIssues } from './line-issues';
import { RuleBodyParser } from './rule-body';
import { RuleTokens } from './rule-tokens';
import type { TableBuilder } from './table-builder';
import { CR, LF, SPACE, TAB } from './char-codes';

const notARule = (lineIndex: number): Error => new Error(`line ${lineIndex + 1} was accepted as a rule and no longer reads as one`);

/**
 * The lines of a file whose rules are read on demand: a rule line that the full read accepted is
 * read again, by the same code, when its chain's rules are asked for. It reads the line from the
 * file as stored when it has that (StoredLines: the text is then not held at all), else it holds the
 * file's text once and where each line starts (4 bytes a line), and cuts a line out only when it is
 * read: no array of line strings (each a slice that would keep the text alive anyway) stays behind
 * the parse.
 */
export class RuleLines {
  /** The line being read again, alone: its issues are never reported (an accepted line reads again without any). */
  private readonly current: string[] = [''];
  private readonly issues: LineIssues;
  private readonly reader: RuleLineReader;
  private readonly source: StoredLines;

  constructor(content: string, lineCount: number, file: string, stored?: StoredLines) {
    this.source = stored !== undefined && stored.count === lineCount ? stored : new TextLines(content, lineCount);
    this.issues = new LineIssues(file, this.current);
    this.reader = new RuleLineReader(this.issues);
  }

  /** The rule on line `lineIndex` (0-based), `position` in its chain. */
  rule(lineIndex: number, position: number): IptablesRule {
    const { line, start } = this.ruleLine(lineIndex);
    if (!this.reader.tokenize(line, start.from)) throw notARule(lineIndex);
    return this.reader.buildRule(line, start.counters, position, lineIndex + 1);
  }

  /** The rule on line `lineIndex` as written, from its `-A`, unparsed. */
  ruleText(lineIndex: number): string {
    const { line, start } = this.ruleLine(lineIndex);
    return line.slice(start.from).trimStart();
  }

  private ruleLine(lineIndex: number): { line: string; start: { from: number; counters: Counters | null } } {
    const line = this.source.line(lineIndex);
    this.current[0] = line;
    let p = 0;
    while (p < line.length && (line.charCodeAt(p) === SPACE || line.charCodeAt(p) === TAB)) p++;
    const start = ruleStart(line, p);
    if (start === null) throw notARule(lineIndex);
    return { line, start };
  }
}

/** The lines of a text it holds, cut out when read. */
class TextLines implements StoredLines {
  /** Offset of each line's first character in `content`, then one past the end. */
  private readonly starts: Uint32Array;

  constructor(
    private readonly content: string,
    readonly count: number,
  ) {
    this.starts = lineStarts(content, count);
  }

  line(lineIndex: number): string {
    const from = this.starts[lineIndex] as number;
    let to = (this.starts[lineIndex + 1] as number) - 1;
    if (to >= this.content.length || this.content.charCodeAt(to) !== LF) to = this.content.length;
    else if (to > from && this.content.charCodeAt(to - 1) === CR) to--;
    return this.content.slice(from, to);
  }
}

/** Where each of the first `lineCount` lines of `content` starts (lines end at `\n`), and one past the last. */
function lineStarts(content: string, lineCount: number): Uint32Array {
  const starts = new Uint32Array(lineCount + 1);
  let at = 0;
  for (let i = 0; i < lineCount; i++) {
    starts[i] = at;
    const end = content.indexOf('\n', at);
    at = end < 0 ? content.length + 1 : end + 1;
  }
  starts[lineCount] = at;
  return starts;
}

/** Tokenizes lines and appends `-A CHAIN ...` rules to a table; shared by both output formats. */
export class RuleLineReader {
  readonly tokens = new RuleTokens();
  private readonly body: RuleBodyParser;

  constructor(private readonly issues: LineIssues) {
    this.body = new RuleBodyParser(this.tokens, issues);
  }

  /** Splits `line` from offset `from`; false (with the issue reported) for an unterminated quote. */
  tokenize(line: string, from: number): boolean {
    const failure = this.tokens.tokenize(line, from);
    if (failure === null) return true;
    this.issues.at(failure.column, failure.message);
    return false;
  }

  /**
   * Appends the rule held in `tokens` (token 0 is `-A`) to its chain. `prefixCounters` are those of
   * an `iptables-save -c` `[packets:bytes]` prefix; without them, a `-c PACKETS BYTES` inside the
   * rule gives the counters. The rule's text is the line from `-A` on, without any counters.
   */
  appendRule(line: string, builder: TableBuilder, prefixCounters: Counters | null): void {
    const t = this.tokens;
    if (t.count < 2 || t.isOptionLike(1)) {
      this.issues.at(t.column(0), `${t.values[0]} needs a chain name`);
      return;
    }
    const chainName = t.values[1] as string;
    const chain = builder.chainForRule(chainName);
    if (chain === null) {
      this.issues.at(
        t.column(1),
        `chain ${chainName} is not declared in table ${builder.table.name} before this rule (":${chainName} - [0:0]" or "-N ${chainName}")`,
      );
      return;
    }
    if (chain instanceof LazyChain) {
      // read in full for its errors; the rule itself is read again when its chain is asked for
      this.body.parse(2);
      chain.addLine(this.issues.lineIndex);
      return;
    }
    chain.rules.push(this.buildRule(line, prefixCounters, chain.rules.length + 1, this.issues.lineIndex + 1));
  }

  /** The rule held in `tokens` (token 0 is `-A`, token 1 its chain) as the model holds it. */
  buildRule(line: string, prefixCounters: Counters | null, position: number, lineNumber: number): IptablesRule {
    const t = this.tokens;
    const body = this.body.parse(2);
    const start = t.starts[0] as number;
    const end = t.ends[t.count - 1] as number;
    let text: string;
    if (body.counters === null) {
      text = line.slice(start, end);
    } else {
      const c = body.countersToken;
      const after = c + 3 < t.count ? line.slice(t.starts[c + 3], end) : '';
      text = (line.slice(start, t.starts[c]) + after).trimEnd();
    }
    const counters = prefixCounters ?? body.counters;
    return counters === null
      ? { position, text, line: lineNumber, matches: body.matches, target: body.target }
      : { position, text, line: lineNumber, counters, matches: body.matches, target: body.target };
  }
}
