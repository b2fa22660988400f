import { strict as assert } from 'node:assert';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { rmSync } from 'node:fs';
import { codes, EXAMPLES, stepsOf, traceJson, traceText } from './run-trace';

/**
 * examples/004-eni-ipvs-rp-filter (seed 004) without IPVS: the pod goes straight to the real server.
 * A copy of the snapshot marks that flow for masquerade (as kube-proxy's KUBE-LOAD-BALANCER does for
 * the LB IP), so MASQUERADE picks eth0's address for eth1 and the reply comes back on eth0.
 */
const NODE = 'node-10-12-97-49';
const POD = 'pod-10-12-192-44';
const DIRECT = ['--from', POD, '--src', '10.12.192.44', '--dst', '10.253.4.194', '-p', 'tcp', '--sport', '44700', '--dport', '8000', '--round-trip'];
const MARK_DIRECT = '-A KUBE-SERVICES -d 10.253.4.194/32 -p tcp -m tcp --dport 8000 -j KUBE-MARK-MASQ';
let marked = '';

describe('example 004 without IPVS: policy routing, MASQUERADE and rp_filter', () => {
  before(() => {
    marked = join(mkdtempSync(join(tmpdir(), 'hookpath-004-')), 'snapshot');
    cpSync(join(EXAMPLES, '004-eni-ipvs-rp-filter'), marked, { recursive: true });
    const rules = join(marked, 'hosts', NODE, 'iptables-save.txt');
    const anchor = '-A KUBE-SERVICES -m comment --comment "Kubernetes service lb portal"';
    writeFileSync(rules, readFileSync(rules, 'utf8').replace(anchor, `${MARK_DIRECT}\n${anchor}`));
  });
  after(() => rmSync(join(marked, '..'), { recursive: true, force: true }));

  it('unmarked, the direct flow is symmetric (eth1 both ways) and establishes', () => {
    const t = traceJson(join(EXAMPLES, '004-eni-ipvs-rp-filter'), DIRECT);
    assert.equal(stepsOf(t, NODE, 'interface').at(-1)?.iface, 'eth1');
    assert.equal(stepsOf(t.reply, NODE, 'interface')[0]?.iface, 'eth1');
    assert.deepEqual([t.reply?.disposition, t.reply?.end?.host], ['DELIVERED', POD]);
    assert.deepEqual(t.roundTrip?.findings, []);
    assert.equal(t.roundTrip?.established, true);
  });

  it('marked for masquerade: MASQUERADE borrows eth0\'s address, the reply enters eth0 and strict rp_filter drops it', () => {
    const t = traceJson(marked, DIRECT);
    const masq = stepsOf(t, NODE, 'netfilter').find((s) => s.verdict === 'MASQUERADE');
    assert.equal(masq?.packetAfter?.src, '10.12.97.49');
    assert.equal(stepsOf(t, NODE, 'interface').at(-1)?.iface, 'eth1');
    assert.deepEqual([t.disposition, t.end?.host, t.end?.packet.src], ['DELIVERED', 'backend-10-253-4-194', '10.12.97.49']);
    assert.deepEqual(codes(t), ['MASQUERADE_SOURCE_NOT_ON_EGRESS_INTERFACE']);
    assert.match(t.diagnosis[0]?.message ?? '', /10\.12\.97\.49, an address of eth0, because the egress interface eth1 has no IPv4 address/);
    assert.deepEqual([t.reply?.disposition, t.reply?.dropReason, t.reply?.end?.host, t.reply?.end?.iface], ['DROPPED', 'RP_FILTER', NODE, 'eth0']);
    const rp = t.reply?.diagnosis.find((d) => d.code === 'RP_FILTER_ASYMMETRIC_RETURN');
    assert.match(rp?.fix ?? '', new RegExp(`^in ${NODE}: sysctl -w net\\.ipv4\\.conf\\.eth0\\.rp_filter=2 `));
    assert.match(rp?.fix ?? '', /iptables -t mangle -A PREROUTING -i eth0 -j CONNMARK --set-mark 0x42\/0x42 && iptables -t mangle -A PREROUTING -j CONNMARK --restore-mark --nfmask 0x42 --ctmask 0x42 && ip rule add fwmark 0x42\/0x42 lookup main pref 1999 && sysctl -w net\.ipv4\.conf\.eth0\.src_valid_mark=1$/);
    assert.equal(t.roundTrip?.established, false);
    assert.deepEqual(
      (t.roundTrip?.findings ?? []).map((f) => `${f.code} ${f.host ?? ''}`),
      [`MASQUERADE_SOURCE_NOT_ON_EGRESS_INTERFACE ${NODE}`, `ASYMMETRIC_RETURN_PATH ${NODE}`, 'ASYMMETRIC_RETURN_PATH vpc-router', `RP_FILTER_ASYMMETRIC_RETURN ${NODE}`],
    );
    const text = traceText(marked, DIRECT);
    assert.match(text, /^ {2}diagnosis RP_FILTER_ASYMMETRIC_RETURN: /m);
    assert.match(text, /^ {2}finding ASYMMETRIC_RETURN_PATH on node-10-12-97-49: On node-10-12-97-49 the request left by eth1 but the reply comes back on eth0\.$/m);
  });

  it('with eth0 rp_filter 2 (loose) the reply passes: established, still reported as asymmetric', () => {
    const sysctl = join(marked, 'hosts', NODE, 'sysctl.txt');
    const original = readFileSync(sysctl, 'utf8');
    writeFileSync(sysctl, original.replace('net.ipv4.conf.eth0.rp_filter = 1', 'net.ipv4.conf.eth0.rp_filter = 2'));
    try {
      const t = traceJson(marked, DIRECT);
      assert.deepEqual([t.reply?.disposition, t.reply?.end?.host, t.reply?.end?.packet.dst], ['DELIVERED', POD, '10.12.192.44']);
      assert.equal(t.roundTrip?.established, true);
      assert.ok((t.roundTrip?.findings ?? []).some((f) => f.code === 'ASYMMETRIC_RETURN_PATH' && f.host === NODE));
    } finally {
      writeFileSync(sysctl, original);
    }
  });
});
