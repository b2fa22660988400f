import { strict as assert } from 'node:assert';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { codes, EXAMPLES, stepsOf, traceJson, traceText } from './run-trace';

/** examples/003-br-netfilter and 003-br-netfilter-fixed (seed 003): a Service call whose reply is bridged. */
const BROKEN = join(EXAMPLES, '003-br-netfilter');
const FIXED = join(EXAMPLES, '003-br-netfilter-fixed');
const CALL = ['--from', 'pod-a', '--src', '10.244.0.2', '--dst', '10.96.0.10', '-p', 'tcp', '--sport', '40000', '--dport', '80', '--round-trip'];

describe('example 003: br_netfilter and bridge-nf-call-iptables', () => {
  it('with 0 the Service call is DNATed to pod-b, the reply is bridged past conntrack and the connection does not establish', () => {
    const t = traceJson(BROKEN, CALL);
    const dnat = stepsOf(t, 'node-1', 'netfilter').find((s) => s.verdict === 'DNAT');
    assert.equal(dnat?.chain, 'KUBE-SEP-TCD3IFXQZW3ZEZQU');
    assert.match(dnat?.explanation ?? '', /kube-proxy: Service default\/web port http/);
    assert.deepEqual([t.disposition, t.end?.host, t.end?.packet.dst, t.end?.packet.dport], ['DELIVERED', 'pod-b', '10.244.0.3', 8080]);
    assert.deepEqual(stepsOf(t.reply, 'node-1', 'netfilter'), [], 'no iptables hook sees the bridged reply');
    assert.equal(stepsOf(t.reply, 'node-1', 'bridge').length, 1);
    assert.deepEqual([t.reply?.disposition, t.reply?.end?.host, t.reply?.end?.packet.src, t.reply?.end?.packet.sport], ['REJECTED', 'pod-a', '10.244.0.3', 8080]);
    assert.ok(codes(t.reply).includes('BRIDGE_NF_CALL_IPTABLES_DISABLED'), codes(t.reply).join(', '));
    const d = t.reply?.diagnosis.find((x) => x.code === 'BRIDGE_NF_CALL_IPTABLES_DISABLED');
    assert.equal(d?.fix, 'in node-1: modprobe br_netfilter && sysctl -w net.bridge.bridge-nf-call-iptables=1');
    assert.ok((d?.evidence ?? []).some((e) => e.includes('DNAT --to-destination 10.244.0.3:8080')));
    assert.equal(t.roundTrip?.established, false);
    assert.match(t.roundTrip?.summary ?? '', /reaches pod-a as 10\.244\.0\.3:8080 -> 10\.244\.0\.2:40000, but the requester expects 10\.96\.0\.10:80 -> 10\.244\.0\.2:40000/);
    assert.ok(!(t.roundTrip?.findings ?? []).some((f) => f.code === 'ASYMMETRIC_RETURN_PATH'), 'bridge ports count as the bridge: no asymmetry');
    const text = traceText(BROKEN, CALL);
    assert.match(text, /^ {2}diagnosis BRIDGE_NF_CALL_IPTABLES_DISABLED: /m);
    assert.match(text, /^ {4}fix: in node-1: modprobe br_netfilter && sysctl -w net\.bridge\.bridge-nf-call-iptables=1$/m);
  });

  it('with 1 the bridged reply passes conntrack, is un-DNATed and the connection establishes', () => {
    const t = traceJson(FIXED, CALL);
    assert.deepEqual([t.disposition, t.end?.host], ['DELIVERED', 'pod-b']);
    const accept = stepsOf(t.reply, 'node-1', 'netfilter').find((s) => s.verdict === 'ACCEPT');
    assert.equal(accept?.chain, 'KUBE-FORWARD');
    assert.deepEqual([t.reply?.disposition, t.reply?.end?.host, t.reply?.end?.packet.src, t.reply?.end?.packet.sport], ['DELIVERED', 'pod-a', '10.96.0.10', 80]);
    assert.deepEqual(codes(t.reply), []);
    assert.equal(t.roundTrip?.established, true);
  });
});
