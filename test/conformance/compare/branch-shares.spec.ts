import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import type { ObservedShares } from '../observe/shares';
import { binomialAcceptance, binomialPmf } from './binomial-bound';
import { compareShares, type BranchedTrace } from './branch-shares';

/**
 * The share comparison itself, without root: the kernel's counts are those scenario 43 recorded
 * (300 connections to a three-endpoint kube-proxy Service), the engine's answers right or wrong.
 */

const sum = (xs: number[]): number => xs.reduce((a, b) => a + b, 0);

describe('binomial acceptance interval', () => {
  it('has the binomial probabilities (n = 5, p = 0.3 against C(5, k) 0.3^k 0.7^(5-k))', () => {
    const direct = [1, 5, 10, 10, 5, 1].map((c, k) => c * 0.3 ** k * 0.7 ** (5 - k));
    binomialPmf(5, 0.3).forEach((x, k) => assert.ok(Math.abs(x - (direct[k] as number)) < 1e-12, `k = ${k}`));
    assert.ok(Math.abs(sum(binomialPmf(400, 0.25)) - 1) < 1e-9);
  });

  it('leaves at most alpha outside, and is the narrowest equal-tailed interval that does', () => {
    for (const [n, p, alpha] of [
      [300, 1 / 3, 0.001 / 3],
      [400, 0.25, 0.0005],
      [400, 0.1, 0.00025],
      [50, 0.02, 0.001],
    ] as const) {
      const pmf = binomialPmf(n, p);
      const { lo, hi } = binomialAcceptance(n, p, alpha);
      const below = sum(pmf.slice(0, lo));
      const above = sum(pmf.slice(hi + 1));
      assert.ok(below <= alpha / 2 && above <= alpha / 2, `n ${n} p ${p}: ${below} and ${above} outside ${lo}..${hi}`);
      assert.ok(lo === 0 || below + (pmf[lo] as number) > alpha / 2, `n ${n} p ${p}: ${lo} could be higher`);
      assert.ok(hi === n || above + (pmf[hi] as number) > alpha / 2, `n ${n} p ${p}: ${hi} could be lower`);
    }
  });
});

describe('compareShares', () => {
  const observed: ObservedShares = {
    id: 'endpoints',
    snapshot: 'endpoints/snapshot',
    request: {
      from: 'hpcf-43-cl',
      roundTrip: false,
      packet: { src: '10.1.0.2', dst: '10.96.0.10', proto: 'tcp', sport: 43000, dport: 80 },
    },
    samples: 300,
    seen: {
      'DELIVERED hpcf-43-pa 10.2.1.2:8080': 102,
      'DELIVERED hpcf-43-pb 10.2.2.2:8080': 94,
      'DELIVERED hpcf-43-pc 10.2.3.2:8080': 104,
    },
  };
  const leaf = (probability: number, pod: string, dst: string): NonNullable<BranchedTrace['branches']>[number] => ({
    probability,
    disposition: 'DELIVERED',
    dropReason: null,
    end: { host: `hpcf-43-${pod}`, iface: null, packet: { src: '10.1.0.2', dst, sport: 43000, dport: 8080, mark: '0x0', ttl: 63 } },
  });
  const trace = (branches: NonNullable<BranchedTrace['branches']>, omitted = 0): BranchedTrace => ({
    disposition: 'DELIVERED',
    dropReason: null,
    end: branches[0]?.end ?? null,
    branches,
    branchesOmitted: omitted,
  });
  const third = 1 / 3;

  it('accepts the kube-proxy spread: three endpoints of 1/3', () => {
    assert.deepEqual(
      compareShares(observed, trace([leaf(third, 'pa', '10.2.1.2'), leaf(third, 'pb', '10.2.2.2'), leaf(third, 'pc', '10.2.3.2')])),
      [],
    );
  });

  it('finds an endpoint the engine does not reach', () => {
    const problems = compareShares(observed, trace([leaf(0.5, 'pa', '10.2.1.2'), leaf(0.5, 'pb', '10.2.2.2')]));
    assert.ok(
      problems.some((p) => p.includes('kernel sent flows to DELIVERED hpcf-43-pc 10.2.3.2:8080, which no branch of the engine reaches')),
      problems.join('\n'),
    );
  });

  it('finds shares that are not the product of the rules (1/2, 1/4, 1/4)', () => {
    const problems = compareShares(
      observed,
      trace([leaf(0.5, 'pa', '10.2.1.2'), leaf(0.25, 'pb', '10.2.2.2'), leaf(0.25, 'pc', '10.2.3.2')]),
    );
    assert.equal(problems.length, 1, problems.join('\n'));
    assert.match(problems[0] as string, /> DELIVERED hpcf-43-pa 10\.2\.1\.2:8080: kernel 102\/300 = 0\.3400, engine 0\.5000/);
  });

  it('finds a leaf that ends with other addresses than the flows arrived with', () => {
    const problems = compareShares(
      observed,
      trace([leaf(third, 'pa', '10.2.1.2'), leaf(third, 'pb', '10.2.1.2'), leaf(third, 'pc', '10.2.3.2')]),
    );
    assert.ok(
      problems.includes('kernel sent flows to DELIVERED hpcf-43-pb 10.2.2.2:8080, which no branch of the engine reaches'),
      problems.join('\n'),
    );
    assert.ok(
      problems.includes('engine has a branch to DELIVERED hpcf-43-pb 10.2.1.2:8080 (0.3333), where the kernel sent none of 300 flows'),
      problems.join('\n'),
    );
  });

  it('names a dropped end by its reason: a drop for another reason is another end', () => {
    // scenario 43's one-blocked case: half the flows delivered to pa, half dropped by node's FORWARD rule
    const blocked: ObservedShares = {
      ...observed,
      seen: { 'DELIVERED hpcf-43-pa 10.2.1.2:8080': 156, 'DROPPED (RULE) hpcf-43-node 10.2.2.2:8080': 144 },
    };
    const drop = (reason: string): NonNullable<BranchedTrace['branches']>[number] => ({
      ...leaf(0.5, 'node', '10.2.2.2'),
      disposition: 'DROPPED',
      dropReason: reason,
    });
    assert.deepEqual(compareShares(blocked, trace([leaf(0.5, 'pa', '10.2.1.2'), drop('RULE')])), []);
    const problems = compareShares(blocked, trace([leaf(0.5, 'pa', '10.2.1.2'), drop('NO_ROUTE')]));
    assert.ok(
      problems.includes('kernel sent flows to DROPPED (RULE) hpcf-43-node 10.2.2.2:8080, which no branch of the engine reaches'),
      problems.join('\n'),
    );
  });

  it('refuses an incomplete set of branches and too few flows for a rare branch', () => {
    const leaves = [leaf(third, 'pa', '10.2.1.2'), leaf(third, 'pb', '10.2.2.2'), leaf(third, 'pc', '10.2.3.2')];
    assert.ok(compareShares(observed, trace(leaves, 2)).some((p) => p.includes('2 leaves omitted')));
    const rare = {
      ...observed,
      samples: 10,
      seen: { 'DELIVERED hpcf-43-pa 10.2.1.2:8080': 4, 'DELIVERED hpcf-43-pb 10.2.2.2:8080': 3, 'DELIVERED hpcf-43-pc 10.2.3.2:8080': 3 },
    };
    assert.ok(compareShares(rare, trace(leaves)).some((p) => p.startsWith('scenario: 10 flows are too few')));
  });
});
