import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { RuleTokens } from './rule-tokens';

function split(line: string): Array<[string, number, boolean]> {
  const t = new RuleTokens();
  assert.equal(t.tokenize(line, 0), null);
  return t.values.slice(0, t.count).map((v, i) => [v, t.column(i), t.quoted[i] as boolean]);
}

test('blanks separate tokens; columns are 1-based', () => {
  assert.deepStrictEqual(split('-A  INPUT\t-j ACCEPT '), [
    ['-A', 1, false],
    ['INPUT', 5, false],
    ['-j', 11, false],
    ['ACCEPT', 14, false],
  ]);
});

test('quotes group blanks, \\x inside quotes is x, the closing quote ends the token', () => {
  assert.deepStrictEqual(split('--comment "a \\"b\\" c\\\\" x"y"z'), [
    ['--comment', 1, false],
    ['a "b" c\\', 11, true],
    ['xy', 25, true],
    ['z', 29, false],
  ]);
});

test('outside quotes a backslash is an ordinary character; "" is an empty value', () => {
  assert.deepStrictEqual(split('a\\b ""'), [
    ['a\\b', 1, false],
    ['', 5, true],
  ]);
});

test('a quoted "!" or "-x" is a value', () => {
  const t = new RuleTokens();
  t.tokenize('! "!" -x "-x" - !x', 0);
  assert.deepStrictEqual(
    [0, 1, 2, 3, 4, 5].map((i) => [t.isBang(i), t.isOptionLike(i)]),
    [
      [true, true],
      [false, false],
      [false, true],
      [false, false],
      [false, false],
      [false, false],
    ],
  );
});

test('an unterminated quote is reported at the opening quote', () => {
  assert.deepStrictEqual(new RuleTokens().tokenize('--comment "abc', 0), { column: 11, message: 'unterminated double quote' });
  assert.deepStrictEqual(new RuleTokens().tokenize('--comment "abc\\', 0), { column: 11, message: 'unterminated double quote' });
});
