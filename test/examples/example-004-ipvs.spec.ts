import { strict as assert } from 'node:assert';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { codes, EXAMPLES, stepsOf, traceJson } from './run-trace';

/**
 * examples/004-eni-ipvs-rp-filter (seed 004) in full, through the CLI as examples/README.md gives it:
 * pod -> LoadBalancer IP 10.12.115.101:80 -> KUBE-LOAD-BALANCER -> KUBE-MARK-MASQ -> IPVS (three real
 * servers; --backend picks the one of the seed's capture) -> policy route via eth1 -> MASQUERADE to
 * 10.12.97.49 -> the reply arrives on eth0 -> strict rp_filter drops it.
 */
const EXAMPLE = join(EXAMPLES, '004-eni-ipvs-rp-filter');
const NODE = 'node-10-12-97-49';
const FLOW = ['--from', 'pod-10-12-192-44', '--src', '10.12.192.44', '--dst', '10.12.115.101', '-p', 'tcp', '--sport', '44624', '--dport', '80', '--backend', '10.253.4.194:8000', '--round-trip'];

describe('example 004 with IPVS (the incident, as examples/README.md runs it)', () => {
  it('IPVS lists the three real servers, the SYN leaves eth1 MASQUERADEd to 10.12.97.49, and strict rp_filter drops the reply on eth0', () => {
    const t = traceJson(EXAMPLE, FLOW);
    const ipvs = stepsOf(t, NODE, 'ipvs');
    assert.ok(ipvs.length > 0, 'an IPVS step');
    for (const server of ['10.253.1.139:8000', '10.253.3.5:8000', '10.253.4.194:8000']) assert.match(ipvs[0]?.explanation ?? '', new RegExp(server.replace(/\./g, '\\.')));
    const masquerade = stepsOf(t, NODE, 'netfilter').find((s) => s.verdict === 'MASQUERADE');
    assert.equal(masquerade?.packetAfter?.src, '10.12.97.49');
    assert.equal(masquerade?.packetAfter?.dst, '10.253.4.194');
    assert.equal(stepsOf(t, NODE, 'interface').at(-1)?.iface, 'eth1');
    assert.deepEqual([t.reply?.disposition, t.reply?.dropReason, t.reply?.end?.host, t.reply?.end?.iface], ['DROPPED', 'RP_FILTER', NODE, 'eth0']);
    const diagnosed = [...codes(t), ...codes(t.reply)];
    assert.ok(diagnosed.includes('RP_FILTER_ASYMMETRIC_RETURN'), diagnosed.join(', '));
    assert.ok(diagnosed.includes('MASQUERADE_SOURCE_NOT_ON_EGRESS_INTERFACE'), diagnosed.join(', '));
    assert.equal(t.roundTrip?.established, false);
  });
});
