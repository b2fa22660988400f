import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { compileSnapshot, simulateCompiled } from '../simulate';
import type { Trace, TraceStep } from '../trace/trace';
import { loadExample } from './testing/load-example';

/** examples/000-vpc-nat-gw-eip (seed 000): the running ping keeps its stale, un-NATed conntrack entry. */
const GW = 'vpc-nat-gw-eip-p7cs4r5y-0';
const compiled = compileSnapshot(loadExample('000-vpc-nat-gw-eip'));
const ping = (from: string, src: string, dst: string, icmpId: number): Trace =>
  simulateCompiled(compiled, { from, packet: { src, dst, proto: 'icmp', icmpId } }, { roundTrip: true });
const at = (t: Trace, host: string, kind: TraceStep['kind']): TraceStep[] => t.steps.filter((s) => s.host === host && s.kind === kind);

describe('example 000: EIP bound while a ping runs', () => {
  it('the running ping (id 27281) matches the stale entry, skips the nat table and leaves net1 un-NATed', () => {
    const t = ping('vm-13-13-0-4', '13.13.0.4', '192.169.100.1', 27281);
    const ct = at(t, GW, 'conntrack')[0];
    assert.equal(ct?.hook, 'PREROUTING');
    assert.match(
      ct?.explanation ?? '',
      /^matches existing entry \(conntrack\.txt line 1\): icmp .*id=27281 \[UNREPLIED\].*nat table not consulted/,
    );
    assert.deepEqual(at(t, GW, 'netfilter'), [], 'nat is skipped in PREROUTING and POSTROUTING');
    const out = at(t, GW, 'interface').find((s) => s.iface === 'net1');
    assert.equal(out?.packetAfter?.src, '13.13.0.4');
    assert.deepEqual([t.disposition, t.end?.host, t.end?.packet.src], ['DELIVERED', 'external-gw', '13.13.0.4']);
    assert.equal(t.conntrack?.state, 'NEW');
    assert.match(t.conntrack?.entry ?? '', /id=27281 \[UNREPLIED\]/);
    const diagnosis = t.diagnosis.find((d) => d.code === 'STALE_CONNTRACK_BYPASSES_NAT');
    assert.match(diagnosis?.message ?? '', /EXCLUSIVE_SNAT -s 13\.13\.0\.4\/32 -j SNAT --to-source 192\.169\.100\.2/);
    assert.equal(
      diagnosis?.fix,
      `in ${GW}: conntrack -D -p icmp -s 13.13.0.4 -d 192.169.100.1 --icmp-type 8 --icmp-code 0 --icmp-id 27281`,
    );
    assert.deepEqual(
      [t.reply?.disposition, t.reply?.dropReason, t.reply?.end?.host],
      ['DROPPED', 'NO_ROUTE', 'external-gw'],
      'the upstream has no route back to 13.13.0.4',
    );
  });

  it('a new ping is a new connection, SNATed to 192.169.100.2 by SNAT_FILTER → EXCLUSIVE_SNAT, and its reply is de-NATed', () => {
    const t = ping('vm-13-13-0-4', '13.13.0.4', '192.169.100.1', 4242);
    assert.match(at(t, GW, 'conntrack')[0]?.explanation ?? '', /^new connection icmp 13\.13\.0\.4 -> 192\.169\.100\.1 id 4242/);
    const post = at(t, GW, 'netfilter').filter((s) => s.hook === 'POSTROUTING');
    assert.deepEqual(
      post.map((s) => [s.table, s.priority, s.chain, s.verdict]),
      [
        ['nat', 100, 'POSTROUTING', 'JUMP'],
        ['nat', 100, 'SNAT_FILTER', 'JUMP'],
        ['nat', 100, 'EXCLUSIVE_SNAT', 'SNAT'],
      ],
    );
    assert.equal(post[2]?.rule, '-A EXCLUSIVE_SNAT -s 13.13.0.4/32 -j SNAT --to-source 192.169.100.2');
    const pre = at(t, GW, 'netfilter').filter((s) => s.hook === 'PREROUTING');
    assert.deepEqual(
      pre.map((s) => [s.chain, s.verdict]),
      [
        ['PREROUTING', 'JUMP'],
        ['DNAT_FILTER', 'JUMP'],
        ['DNAT_FILTER', 'JUMP'],
        ['PREROUTING', 'POLICY_ACCEPT'],
      ],
    );
    assert.deepEqual([t.disposition, t.end?.host, t.end?.packet.src], ['DELIVERED', 'external-gw', '192.169.100.2']);
    assert.deepEqual(t.diagnosis, []);
    const reply = t.reply;
    assert.equal(reply?.disposition, 'DELIVERED');
    assert.equal(reply?.end?.host, 'vm-13-13-0-4');
    const denat = reply?.steps.find((s) => s.host === GW && s.kind === 'conntrack' && s.hook === 'PREROUTING' && s.table === 'nat');
    assert.match(denat?.explanation ?? '', /destination 192\.169\.100\.2 → 13\.13\.0\.4 \(reply of a source-NATed connection: de-SNAT\)/);
    assert.equal(reply?.conntrack?.state, 'ESTABLISHED');
  });

  it('inbound traffic to the EIP is DNATed to 13.13.0.4 and delivered to the VM', () => {
    const t = ping('external-gw', '192.169.100.1', '192.169.100.2', 2);
    const dnat = at(t, GW, 'netfilter').find((s) => s.verdict === 'DNAT');
    assert.equal(dnat?.rule, '-A EXCLUSIVE_DNAT -d 192.169.100.2/32 -j DNAT --to-destination 13.13.0.4');
    assert.deepEqual([t.disposition, t.end?.host, t.end?.packet.dst], ['DELIVERED', 'vm-13-13-0-4', '13.13.0.4']);
    assert.equal(t.reply?.disposition, 'DELIVERED');
    assert.equal(t.reply?.end?.packet.src, '192.169.100.2', 'the reply leaves the gateway from the EIP');
  });
});
