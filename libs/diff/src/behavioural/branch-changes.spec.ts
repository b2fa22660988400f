import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { compileSnapshot } from '@hookpath/engine';
import { loadExample, loadExampleWith } from '../testing/models';
import { behaviouralDiff } from './behavioural-diff';
import { branchChanges } from './branch-changes';
import { isFlowError, type DiffFlow, type FlowResult } from './flow';
import { compareOutcomes } from './summarize-trace';

/**
 * Seed 004: the pod's connection to the IPVS service 10.12.115.101:80 (rr over three real servers,
 * rr's position unknown, so a branch per server of 1/3). The target snapshot drops 10.253.1.139 from
 * the service and loosens the node's rp_filter (all = 2, so max(all, eth0) = 2).
 */
const NODE = 'hosts/node-10-12-97-49';
const base = loadExample('004-eni-ipvs-rp-filter');
const target = loadExampleWith('004-eni-ipvs-rp-filter', {
  [`${NODE}/ipvsadm.txt`]: (text) => text.replace(/^ {2}-> 10\.253\.1\.139:8000 .*\n/m, ''),
  [`${NODE}/sysctl.txt`]: (text) => text.replace('net.ipv4.conf.all.rp_filter = 1', 'net.ipv4.conf.all.rp_filter = 2'),
});
const FLOW: DiffFlow = {
  from: 'pod-10-12-192-44',
  packet: { src: '10.12.192.44', dst: '10.12.115.101', proto: 'tcp', dport: 80 },
  roundTrip: true,
  label: 'pod -> lb:80',
};
const server = (ip: string): string => `node-10-12-97-49 ipvs ${ip}:8000`;

const outcome = (r: FlowResult | undefined) => {
  assert.ok(r !== undefined && !isFlowError(r));
  return r;
};

describe('a diff compares the branch sets of a flow', () => {
  const diff = behaviouralDiff(compileSnapshot(base), compileSnapshot(target), [FLOW]);
  const flow = diff.groups[0]?.flows[0];

  it('summarizes every leaf of both traces with its choices and probability', () => {
    assert.ok(flow !== undefined);
    const b = outcome(flow.base);
    const t = outcome(flow.target);
    assert.deepEqual(
      b.branches?.map((x) => [x.branch, x.choices, Number(x.probability.toFixed(4))]),
      [
        [1, server('10.253.1.139'), 0.3333],
        [2, server('10.253.3.5'), 0.3333],
        [3, server('10.253.4.194'), 0.3333],
      ],
    );
    assert.deepEqual(
      t.branches?.map((x) => [x.choices, x.probability]),
      [
        [server('10.253.3.5'), 0.5],
        [server('10.253.4.194'), 0.5],
      ],
    );
    assert.equal(b.branchesOmitted, 0);
  });

  it('names the leaf that disappeared, the one whose answer now comes back, and the probability that moved', () => {
    assert.ok(flow !== undefined);
    const changes = branchChanges(outcome(flow.base), outcome(flow.target));
    assert.deepEqual(
      changes.map((c) => [c.choices, c.change, c.kinds]),
      [
        [server('10.253.1.139'), 'disappeared', ['branches']],
        // still unreachable from the VPC router: only its share changed
        [server('10.253.3.5'), 'changed', ['branches']],
        // its reply now reaches the pod, un-NATed there: another fate, path and final header
        [server('10.253.4.194'), 'changed', ['disposition', 'path', 'translation', 'branches']],
      ],
    );
    const reply = changes[2];
    assert.deepEqual(
      [reply?.base?.reply?.disposition, reply?.base?.reply?.dropReason, reply?.target?.reply?.disposition],
      ['DROPPED', 'RP_FILTER', 'DELIVERED'],
    );
    assert.deepEqual(flow.changes, ['disposition', 'path', 'translation', 'branches']);
    assert.equal(outcome(flow.target).branches?.[1]?.reply?.endHost, 'pod-10-12-192-44');
  });

  it('a leaf that appears is a change even when every other leaf ends as before', () => {
    assert.ok(flow !== undefined);
    const b = outcome(flow.base);
    const fewer = { ...b, branches: b.branches?.slice(0, 2) };
    assert.deepEqual(
      branchChanges(fewer, b).map((c) => [c.choices, c.change]),
      [[server('10.253.4.194'), 'appeared']],
    );
    assert.deepEqual(compareOutcomes(fewer, b), ['branches']);
    assert.deepEqual(compareOutcomes(b, b), []);
  });

  it('a flow pinned to one backend compares that path only: 10.253.3.5 ends as before, 10.253.4.194 does not', () => {
    const pinned = behaviouralDiff(compileSnapshot(base), compileSnapshot(target), [{ ...FLOW, backend: '10.253.3.5:8000' }]);
    assert.deepEqual(pinned.totals, { flows: 1, unchanged: 1, changed: 0 });
    const answered = behaviouralDiff(compileSnapshot(base), compileSnapshot(target), [{ ...FLOW, backend: '10.253.4.194:8000' }]);
    // its answer passes loose rp_filter now
    assert.deepEqual(answered.groups[0]?.flows[0]?.changes, ['disposition', 'path', 'translation']);
  });

  it('down to one real server: the others are gone, and the remaining path is the same leaf, now certain', () => {
    const one = loadExampleWith('004-eni-ipvs-rp-filter', {
      [`${NODE}/ipvsadm.txt`]: (text) => text.replace(/^ {2}-> 10\.253\.(1\.139|3\.5):8000 .*\n/gm, ''),
    });
    const diff = behaviouralDiff(compileSnapshot(base), compileSnapshot(one), [FLOW]);
    const changed = diff.groups[0]?.flows[0];
    assert.ok(changed !== undefined);
    assert.equal(outcome(changed.target).branches, undefined, 'one server: no choice, no branches');
    assert.deepEqual(
      branchChanges(outcome(changed.base), outcome(changed.target)).map((c) => [
        c.choices,
        c.change,
        c.kinds,
        c.target?.probability ?? null,
      ]),
      [
        [server('10.253.1.139'), 'disappeared', ['branches'], null],
        [server('10.253.3.5'), 'disappeared', ['branches'], null],
        [server('10.253.4.194'), 'changed', ['branches'], 1],
      ],
    );
    // and the other way round, a Service that gains servers
    assert.deepEqual(
      branchChanges(outcome(changed.target), outcome(changed.base)).map((c) => [c.choices, c.change]),
      [
        [server('10.253.4.194'), 'changed'],
        [server('10.253.1.139'), 'appeared'],
        [server('10.253.3.5'), 'appeared'],
      ],
    );
  });

  it('traces without choices compare as before: no branch changes', () => {
    const single = behaviouralDiff(compileSnapshot(base), compileSnapshot(base), [
      { ...FLOW, packet: { ...FLOW.packet, dst: '10.253.4.194', dport: 8000 } },
    ]);
    assert.deepEqual(single.totals, { flows: 1, unchanged: 1, changed: 0 });
  });
});
