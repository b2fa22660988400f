import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { environment } from '../testing/inputs.testing';
import { outcome, probe } from '../testing/probe.testing';
import type { ChoicePoint } from '../../branches/choice-point';

const toLocal = { packet: { src: '10.0.0.1', dst: '192.168.1.10', proto: 'tcp' as const, dport: 80 } };

describe('addrtype', () => {
  it('asks the environment for the address type; ! per option', () => {
    assert.equal(outcome('-m addrtype --dst-type LOCAL', toLocal), 'match');
    assert.equal(outcome('-m addrtype --dst-type LOCAL'), 'no');
    assert.equal(outcome('-m addrtype ! --dst-type LOCAL'), 'match');
    assert.equal(outcome('-m addrtype --src-type UNICAST --dst-type LOCAL,BROADCAST', toLocal), 'match');
    assert.equal(outcome('-m addrtype ! --src-type UNICAST', toLocal), 'no');
    assert.equal(probe('-m addrtype --dst-type LOCAL', toLocal).explanation, 'matched destination 192.168.1.10 is LOCAL: accept');
    assert.equal(probe('-m addrtype ! --dst-type LOCAL').explanation, 'matched destination 10.0.0.2 is UNICAST, not LOCAL: accept');
  });

  it('--limit-iface-in/out restrict the lookup to the packet interface', () => {
    const env = environment();
    assert.equal(
      outcome(
        '-m addrtype --dst-type LOCAL --limit-iface-in',
        { ...toLocal, env, inIface: 'eth7' },
        { table: 'mangle', hook: 'PREROUTING' },
      ),
      'match',
    );
    assert.deepEqual(env.calls, ['addressType 192.168.1.10 eth7']);
    const out = environment();
    outcome('-m addrtype --src-type LOCAL --limit-iface-out', { env: out }, { hook: 'OUTPUT' });
    assert.deepEqual(out.calls, ['addressType 10.0.0.1 eth1']);
  });
});

describe('statistic', () => {
  it('random: the rule is taken, with its probability in the explanation', () => {
    const result = probe('-m statistic --mode random --probability 0.33333333349');
    assert.equal(result.outcome, 'match');
    assert.equal(result.explanation, 'matched taken with probability 0.3333; the remaining 0.6667 continue: accept');
    assert.match(probe('-m statistic ! --mode random --probability 0.25').explanation, /probability 0\.7500; the remaining 0\.2500/);
  });

  it('random: probability 0 never matches and 1 always does, ! flipping (kernel conformance scenario 12)', () => {
    assert.equal(outcome('-m statistic --mode random --probability 0.00000000000'), 'no');
    assert.equal(outcome('-m statistic ! --mode random --probability 1.00000000000'), 'no');
    assert.equal(
      probe('-m statistic --mode random --probability 1.00000000000').explanation,
      'matched taken always (probability 1): accept',
    );
    assert.equal(
      probe('-m statistic ! --mode random --probability 0.00000000000').explanation,
      'matched taken always (probability 1): accept',
    );
    // libxt_statistic stores lround(0x80000000 * p): a probability below 2^-32 is stored as 0
    assert.equal(outcome('-m statistic --mode random --probability 0.0000000001'), 'no');
    assert.equal(outcome('-m statistic --mode random --probability 0.000000001'), 'match');
  });

  it("nth: the rule's counter is not in iptables-save, so the rule is a choice point with probability 1/N (kernel conformance scenario 76)", () => {
    const points: ChoicePoint[] = [];
    const pick =
      (answer: number) =>
      (point: ChoicePoint): number => {
        points.push(point);
        return answer;
      };
    assert.equal(outcome('-m statistic --mode nth --every 3 --packet 2', { decide: pick(0) }), 'match');
    assert.equal(outcome('-m statistic --mode nth --every 3 --packet 0', { decide: pick(1) }), 'no');
    assert.deepEqual(
      points.map((p) => [p.kind, p.among, p.weights]),
      [
        ['statistic', ['ACCEPT', 'not ACCEPT'], [1 / 3, 1 - 1 / 3]],
        ['statistic', ['ACCEPT', 'not ACCEPT'], [1 / 3, 1 - 1 / 3]],
      ],
    );
    points.length = 0;
    assert.equal(outcome('-m statistic ! --mode nth --every 4 --packet 1', { decide: pick(0) }), 'match');
    assert.deepEqual(points[0]?.weights, [3 / 4, 1 / 4], '! takes the other three packets of four');
    assert.match(
      probe('-m statistic --mode nth --every 2 --packet 0').explanation,
      /--every 2 --packet 0: the rule's packet counter is not in the snapshot, so taken with probability 0\.5000/,
    );
    assert.equal(outcome('-m statistic --mode nth --every 1'), 'match', '--every 1 takes every packet');
    assert.equal(outcome('-m statistic --mode nth --every 3 --packet 3'), 'unknown', 'iptables refuses --packet >= --every');
  });
});

describe('owner', () => {
  const output = { hook: 'OUTPUT' as const };
  it('compares the socket uid/gid when the input gives them', () => {
    assert.equal(outcome('-m owner --uid-owner 1000', { owner: { uid: 1000, gid: 100 } }, output), 'match');
    assert.equal(outcome('-m owner --uid-owner 0-999', { owner: { uid: 1000, gid: 100 } }, output), 'no');
    assert.equal(outcome('-m owner ! --uid-owner 0', { owner: { uid: 1000, gid: 100 } }, output), 'match');
    assert.equal(outcome('-m owner --gid-owner 100 --uid-owner 1000', { owner: { uid: 1000, gid: 100 } }, output), 'match');
    assert.equal(outcome('-m owner --socket-exists', { owner: { uid: 1, gid: 1 } }, output), 'match');
    assert.equal(outcome('-m owner ! --socket-exists', { owner: { uid: 1, gid: 1 } }, output), 'no');
  });

  it('without a socket only fully negated options match; forwarded packets in POSTROUTING have none', () => {
    assert.equal(outcome('-m owner --uid-owner 0', { owner: null }, output), 'no');
    assert.equal(outcome('-m owner ! --uid-owner 0', { owner: null }, output), 'match');
    assert.equal(outcome('-m owner ! --socket-exists', {}, { table: 'mangle', hook: 'POSTROUTING' }), 'match');
    assert.equal(outcome('-m owner --uid-owner 0', {}, { table: 'mangle', hook: 'POSTROUTING' }), 'no');
  });

  it('a local packet without a given owner is taken as sent by root (kernel conformance scenario 22)', () => {
    const result = probe('-m owner --uid-owner 0', {}, output);
    assert.equal(result.outcome, 'match');
    assert.equal(result.explanation, 'matched --uid-owner 0 (the sending socket is assumed to belong to root (uid 0), gid 0): accept');
    assert.equal(outcome('-m owner ! --uid-owner 1000', {}, output), 'match');
    assert.equal(outcome('-m owner --gid-owner 0', {}, output), 'match');
    assert.equal(outcome('-m owner --socket-exists', {}, output), 'match');
    assert.equal(outcome('-m owner --uid-owner 1000', {}, output), 'no');
    assert.equal(outcome('-m owner --uid-owner 0', {}, { table: 'mangle', hook: 'POSTROUTING' }), 'no');
    assert.equal(outcome('-m owner --uid-owner 0', { inIface: null }, { table: 'mangle', hook: 'POSTROUTING' }), 'match');
  });

  it('the request owner overrides root; supplementary groups stay unknown', () => {
    assert.equal(outcome('-m owner --uid-owner 0', { owner: { uid: 1000, gid: 1000 } }, output), 'no');
    assert.equal(
      probe('-m owner --uid-owner 1000', { owner: { uid: 1000, gid: 100 } }, output).explanation,
      'matched --uid-owner 1000 (uid 1000, gid 100): accept',
    );
    assert.equal(outcome('-m owner --gid-owner 5 --suppl-groups', { owner: { uid: 1, gid: 1 } }, output), 'unknown');
    assert.equal(outcome('-m owner --gid-owner 1 --suppl-groups', { owner: { uid: 1, gid: 1 } }, output), 'match');
  });
});

describe('physdev', () => {
  const bridged = { physdev: { in: 'veth1', out: 'veth2', bridged: true } };
  it('a packet that is not bridged matches only fully negated options', () => {
    assert.equal(outcome('-m physdev --physdev-is-bridged', {}, { hook: 'FORWARD' }), 'no');
    assert.equal(outcome('-m physdev ! --physdev-is-bridged', {}, { hook: 'FORWARD' }), 'match');
    assert.equal(outcome('-m physdev ! --physdev-in veth1 ! --physdev-is-out', {}, { hook: 'FORWARD' }), 'match');
  });

  it('bridged packets: is-bridged means an out port; names with + wildcards', () => {
    assert.equal(outcome('-m physdev --physdev-is-bridged', bridged, { hook: 'FORWARD' }), 'match');
    assert.equal(
      outcome('-m physdev --physdev-is-bridged', { physdev: { in: 'veth1', out: null, bridged: true } }, { hook: 'FORWARD' }),
      'no',
    );
    assert.equal(outcome('-m physdev --physdev-in veth+ --physdev-out veth2', bridged, { hook: 'FORWARD' }), 'match');
    assert.equal(outcome('-m physdev ! --physdev-in veth1', bridged, { hook: 'FORWARD' }), 'no');
    assert.equal(
      outcome('-m physdev --physdev-out veth2', { physdev: { in: 'veth1', out: null, bridged: true } }, { hook: 'FORWARD' }),
      'no',
    );
    assert.equal(
      outcome('-m physdev --physdev-in veth9', { physdev: { in: null, out: 'veth2', bridged: true } }, { hook: 'FORWARD' }),
      'match',
    );
  });
});
