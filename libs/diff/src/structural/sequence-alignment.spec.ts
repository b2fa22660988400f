import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { alignSequences, type AlignOp } from './sequence-alignment';

const edits = (ops: readonly AlignOp[]): AlignOp[] => ops.filter((o) => o.op !== 'same');

/** Applying the script to `a` must give `b`; the `same` pairs must be equal items in increasing order. */
function check(a: readonly string[], b: readonly string[], ops: readonly AlignOp[]): void {
  const rebuilt: string[] = [];
  let lastA = -1;
  let lastB = -1;
  for (const o of ops) {
    if (o.op === 'same') {
      assert.equal(a[o.a], b[o.b]);
      assert.ok(o.a > lastA && o.b > lastB);
      lastA = o.a;
      lastB = o.b;
      rebuilt.push(a[o.a]);
    } else if (o.op === 'added') rebuilt.push(b[o.b]);
  }
  assert.deepEqual(rebuilt, b);
  assert.equal(ops.filter((o) => o.op !== 'added').length, a.length);
}

function lcsLength(a: readonly string[], b: readonly string[]): number {
  const dp = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = 1; i <= a.length; i++)
    for (let j = 1; j <= b.length; j++) dp[i][j] = a[i - 1] === b[j - 1] ? dp[i - 1][j - 1] + 1 : Math.max(dp[i - 1][j], dp[i][j - 1]);
  return dp[a.length][b.length];
}

describe('alignSequences', () => {
  it('an item inserted in the middle is one addition, every other item stays paired', () => {
    const a = ['r1', 'r2', 'r3', 'r4', 'r5'];
    const b = ['r1', 'r2', 'new', 'r3', 'r4', 'r5'];
    const ops = alignSequences(a, b);
    assert.deepEqual(edits(ops), [{ op: 'added', b: 2 }]);
    check(a, b, ops);
  });

  it('a removed item and a replaced item', () => {
    const a = ['x', 'y', 'z', 'w'];
    const b = ['x', 'Z', 'w'];
    const ops = alignSequences(a, b);
    check(a, b, ops);
    assert.deepEqual(
      edits(ops)
        .map((o) => o.op)
        .sort(),
      ['added', 'removed', 'removed'],
    );
  });

  it('duplicated rule texts (a chain may repeat a rule) and empty sides', () => {
    check(['a', 'a', 'b'], ['a', 'b', 'a', 'b'], alignSequences(['a', 'a', 'b'], ['a', 'b', 'a', 'b']));
    assert.deepEqual(alignSequences([], ['a']), [{ op: 'added', b: 0 }]);
    assert.deepEqual(alignSequences(['a'], []), [{ op: 'removed', a: 0 }]);
    assert.deepEqual(alignSequences([], []), []);
  });

  it('is a shortest edit script: the pairs it keeps are a longest common subsequence (random sequences)', () => {
    let seed = 7;
    const next = (): number => (seed = (seed * 1103515245 + 12345) % 2147483648) % 5;
    for (let round = 0; round < 200; round++) {
      const a = Array.from({ length: next() * 3 }, () => `r${next()}`);
      const b = Array.from({ length: next() * 3 }, () => `r${next()}`);
      const ops = alignSequences(a, b);
      check(a, b, ops);
      assert.equal(ops.filter((o) => o.op === 'same').length, lcsLength(a, b), `${a.join(',')} / ${b.join(',')}`);
    }
  });

  it('past the edit limit the differing middle is removed-then-added, still a valid script', () => {
    const a = ['p', 'a1', 'a2', 'a3', 's'];
    const b = ['p', 'b1', 'b2', 's'];
    const ops = alignSequences(a, b, 1);
    check(a, b, ops);
    assert.deepEqual(edits(ops), [
      { op: 'removed', a: 1 },
      { op: 'removed', a: 2 },
      { op: 'removed', a: 3 },
      { op: 'added', b: 1 },
      { op: 'added', b: 2 },
    ]);
  });
});
