import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { describe, it } from 'node:test';
import type { IptablesRuleset, StoredLines } from '@hookpath/model';
import { FIXTURES_ROOT } from '../testing/golden';
import { parseIptablesSave } from './parse-iptables-save';

const FIXTURES = join(FIXTURES_ROOT, 'iptables-save');

const asJson = (value: unknown): unknown => JSON.parse(JSON.stringify(value));

/** Both reads of `content`: the same errors, and the lazy ruleset gives the eager one's rules. */
function assertSameReads(content: string, name: string): void {
  const eager = parseIptablesSave(content, name);
  const lazy = parseIptablesSave(content, name, { rules: 'lazy' });
  assert.deepStrictEqual(lazy.errors, eager.errors, `${name}: errors`);
  const eagerChains = eager.value.tables.flatMap((t) => t.chains);
  const lazyChains = lazy.value.tables.flatMap((t) => t.chains);
  assert.equal(lazyChains.length, eagerChains.length);
  lazyChains.forEach((chain, c) => {
    const source = chain.ruleSource;
    assert.ok(source !== undefined, `${name}: ${chain.name} reads its rules on demand`);
    const expected = eagerChains[c]?.rules ?? [];
    assert.equal(source.count, expected.length);
    // one at a time (not kept), then all at once
    expected.forEach((rule, i) => assert.deepStrictEqual(source.rule(i), rule, `${name}: ${chain.name} rule ${i + 1}`));
    // as written, unparsed: the rule's text (which leaves out counters, a `[packets:bytes]` prefix
    // or `-c packets bytes` among the options), unless the counters are among the options
    expected.forEach((rule, i) => {
      const text = source.ruleText?.(i) ?? '';
      assert.ok(
        text === rule.text || (text.startsWith('-A ') && / -c \d+ \d+/.test(text)),
        `${name}: ${chain.name} rule ${i + 1}: ${text}`,
      );
    });
    assert.deepStrictEqual(chain.rules, expected);
  });
  assert.deepStrictEqual(asJson(lazy.value), asJson(eager.value), `${name}: the whole ruleset as JSON`);
  assertUncheckedRead(content, name, eager);
}

/** A file's lines as StoredLines gives them, recording which were read. */
function recordingLines(content: string): StoredLines & { read: Set<number> } {
  const lines = content.split(/\r?\n/);
  if (lines.at(-1) === '') lines.pop();
  const read = new Set<number>();
  return {
    count: lines.length,
    read,
    line: (index: number) => {
      read.add(index);
      return lines[index] as string;
    },
  };
}

/**
 * The unchecked read (a rule line read only as far as its chain) reports no error the full read
 * does not, and of a file the full read accepts it gives the same ruleset; the tables read gives
 * its banner and tables.
 */
function assertUncheckedRead(content: string, name: string, eager: ReturnType<typeof parseIptablesSave>): void {
  const unchecked = parseIptablesSave(content, name, { rules: 'unchecked' });
  for (const error of unchecked.errors)
    assert.ok(
      eager.errors.some((e) => isDeepStrictEqual(e, error)),
      `${name}: ${error.message}`,
    );
  if (eager.errors.length === 0) {
    assert.deepStrictEqual(unchecked.errors, []);
    assert.deepStrictEqual(asJson(unchecked.value), asJson(eager.value), `${name}: the unchecked read as JSON`);
    // with the file's stored lines, the rules are read from them, not from the text
    const stored = recordingLines(content);
    const fromStored = parseIptablesSave(content, name, { rules: 'unchecked', storedLines: stored });
    assert.deepStrictEqual(fromStored.errors, []);
    assert.deepStrictEqual(asJson(fromStored.value), asJson(eager.value), `${name}: the unchecked read from stored lines`);
    const ruleLines = eager.value.tables.flatMap((t) => t.chains.flatMap((c) => c.rules.map((r) => r.line - 1)));
    assert.deepStrictEqual(
      [...stored.read].sort((a, b) => a - b),
      ruleLines.sort((a, b) => a - b),
      `${name}: lines read`,
    );
  }
  // the tables read: the full read's banner and tables, without chains, and never an error
  const tables = parseIptablesSave(content, name, { rules: 'tables' });
  assert.deepStrictEqual(tables.errors, []);
  assert.deepStrictEqual(
    tables.value,
    { ...eager.value, tables: eager.value.tables.map((t) => ({ name: t.name, chains: [] })) },
    `${name}: tables`,
  );
}

describe('iptables-save read on demand (rules: lazy)', () => {
  it("gives every fixture's rules and errors as the full read does", () => {
    const cases = readdirSync(FIXTURES).filter((f) => f.endsWith('.out'));
    assert.ok(cases.length > 5);
    for (const file of cases) assertSameReads(readFileSync(join(FIXTURES, file), 'utf8'), file);
  });

  it('reports an error on a line of a chain no one reads, with its line and column', () => {
    const services = Array.from(
      { length: 500 },
      (_, i) => `-A KUBE-SERVICES -d 10.96.${i >> 8}.${i & 255}/32 -p tcp -m tcp --dport 80 -j KUBE-SVC-${i}`,
    );
    const chains = Array.from({ length: 500 }, (_, i) => `:KUBE-SVC-${i} - [0:0]`);
    const dnat = Array.from({ length: 500 }, (_, i) => `-A KUBE-SVC-${i} -p tcp -m tcp -j DNAT --to-destination 10.244.0.${i % 250}:8080`);
    // line 1502 of the file, deep in a chain no packet visits: a comment whose quote is not closed
    dnat[498] = '-A KUBE-SVC-498 -p tcp -m comment --comment "svc 498 -m tcp -j DNAT --to-destination 10.244.0.1:8080';
    const lines = ['*nat', ':PREROUTING ACCEPT [0:0]', ':KUBE-SERVICES - [0:0]', ...chains, ...services, ...dnat, 'COMMIT'];
    const content = `${lines.join('\n')}\n`;
    const lazy = parseIptablesSave(content, 'hosts/gw/iptables-save.txt', { rules: 'lazy' });
    assert.deepStrictEqual(
      lazy.errors.map((e) => [e.file, e.line, e.column, e.message, e.text]),
      [['hosts/gw/iptables-save.txt', 1502, 45, 'unterminated double quote', dnat[498]]],
    );
    assertSameReads(content, 'kube-proxy');
    // the unchecked read files the line under its chain without reading on to the open quote
    assert.deepStrictEqual(parseIptablesSave(content, 'f', { rules: 'unchecked' }).errors, []);
  });

  it('unchecked: leaves a line that does not start plainly to the full read, which reports it', () => {
    const lines = [
      '*filter',
      ':INPUT ACCEPT [0:0]',
      ':A - [0:0]',
      '-A A -p tcp -j ACCEPT',
      '-A B -j ACCEPT',
      '-AA -j ACCEPT',
      '-A -j ACCEPT',
      '-A "A" -j ACCEPT',
      '--append A -j DROP',
      '-A FORWARD -j A',
      'COMMIT',
    ];
    const content = `${lines.join('\n')}\n`;
    const unchecked = parseIptablesSave(content, 'f', { rules: 'unchecked' });
    assert.deepStrictEqual(
      unchecked.errors.map((e) => [e.line, e.message]),
      [
        [5, 'chain B is not declared in table filter before this rule (":B - [0:0]" or "-N B")'],
        [6, 'expected "-A CHAIN ..." here: iptables-save writes every rule as an append'],
        [7, '-A needs a chain name'],
      ],
    );
    const chains = unchecked.value.tables[0]?.chains ?? [];
    assert.deepStrictEqual(
      chains.map((c) => [c.name, c.rules.map((r) => r.line)]),
      [
        ['INPUT', []],
        ['A', [4, 8, 9]],
        ['FORWARD', [10]],
      ],
    );
  });

  it('keeps the rules once `rules` is read, and JSON holds them', () => {
    const content = '*filter\n:INPUT ACCEPT [1:2]\n:X - [0:0]\n[3:4] -A INPUT -p tcp -j X\n-A X -c 5 6 -j ACCEPT\nCOMMIT\n';
    const value: IptablesRuleset = parseIptablesSave(content, 'f', { rules: 'lazy' }).value;
    const input = value.tables[0]?.chains[0];
    assert.ok(input !== undefined);
    assert.equal(input.rules, input.rules);
    assert.equal(input.ruleSource?.rule(0), input.rules[0]);
    assert.deepStrictEqual(asJson(value), asJson(parseIptablesSave(content, 'f').value));
    assert.deepStrictEqual(Object.keys(input), ['name', 'builtin', 'policy', 'counters']);
  });

  it('reads rules of chains written in turns, CRLF line ends, a stray CR and a last line without an end', () => {
    const lines = [
      '*filter',
      ':INPUT ACCEPT [0:0]',
      ':A - [0:0]',
      ':B - [0:0]',
      '-A A -p tcp --dport 1 -j ACCEPT',
      '-A A -p tcp --dport 2 -j ACCEPT',
      '-A B -p udp --dport 3 -j DROP',
      '# a comment between',
      '-A A -p tcp --dport 4 -j ACCEPT',
      '-A INPUT -j A',
      '-A A -p tcp --dport 5 -j ACCEPT\r',
      '-A B -p udp --dport 6 -j DROP',
      '-A A -p tcp --dport 7 -j ACCEPT',
      '-A A -p tcp --dport 8 -j ACCEPT',
      '-A B -p udp --dport 9 -j DROP',
      'COMMIT',
    ];
    assertSameReads(`${lines.join('\n')}\n`, 'turns');
    assertSameReads(lines.join('\r\n'), 'turns-crlf');
    const chains = parseIptablesSave(lines.join('\r\n'), 'turns-crlf', { rules: 'lazy' }).value.tables[0]?.chains ?? [];
    assert.deepStrictEqual(
      chains.map((c) => [c.name, c.rules.map((r) => [r.line, r.text])]),
      [
        ['INPUT', [[10, '-A INPUT -j A']]],
        [
          'A',
          [
            [5, '-A A -p tcp --dport 1 -j ACCEPT'],
            [6, '-A A -p tcp --dport 2 -j ACCEPT'],
            [9, '-A A -p tcp --dport 4 -j ACCEPT'],
            [11, '-A A -p tcp --dport 5 -j ACCEPT\r'],
            [13, '-A A -p tcp --dport 7 -j ACCEPT'],
            [14, '-A A -p tcp --dport 8 -j ACCEPT'],
          ],
        ],
        [
          'B',
          [
            [7, '-A B -p udp --dport 3 -j DROP'],
            [12, '-A B -p udp --dport 6 -j DROP'],
            [15, '-A B -p udp --dport 9 -j DROP'],
          ],
        ],
      ],
    );
  });
});
