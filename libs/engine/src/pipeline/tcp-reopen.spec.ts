import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import type { ConntrackEntry } from '@hookpath/model';
import type { TcpFlag } from '../packet/packet';
import { compileSnapshot, simulateCompiled } from '../simulate';
import { loadExample } from './testing/load-example';

/**
 * examples/000 with an un-NATed TCP entry from before the EIP was bound: a SYN on it in TIME_WAIT
 * reopens the connection (new, SNATed by today's rules, no stale-entry diagnosis); in ESTABLISHED
 * the entry keeps the flow un-NATed and the diagnosis says so.
 */
const GW = 'vpc-nat-gw-eip-p7cs4r5y-0';

function traceWith(state: string, tcpFlags?: TcpFlag[]) {
  const model = loadExample('000-vpc-nat-gw-eip');
  const gw = model.hosts.find((h) => h.name === GW);
  if (gw === undefined) throw new Error(`no host ${GW}`);
  const text = `tcp      6 100 ${state} src=13.13.0.4 dst=192.169.100.1 sport=40100 dport=80 src=192.169.100.1 dst=13.13.0.4 sport=80 dport=40100 [ASSURED] mark=0 use=1`;
  const entry: ConntrackEntry = {
    family: 'ipv4',
    protocol: 'tcp',
    protoNum: 6,
    state,
    original: { src: '13.13.0.4', dst: '192.169.100.1', sport: 40100, dport: 80 },
    reply: { src: '192.169.100.1', dst: '13.13.0.4', sport: 80, dport: 40100 },
    unreplied: false,
    assured: true,
    line: (gw.conntrack?.length ?? 0) + 1,
    text,
  };
  gw.conntrack = [...(gw.conntrack ?? []), entry];
  return simulateCompiled(compileSnapshot(model), {
    from: 'vm-13-13-0-4',
    packet: {
      src: '13.13.0.4',
      dst: '192.169.100.1',
      proto: 'tcp',
      sport: 40100,
      dport: 80,
      ...(tcpFlags === undefined ? {} : { tcpFlags }),
    },
  });
}

describe('a SYN on an old TCP entry (nf_conntrack_proto_tcp reopen)', () => {
  it('TIME_WAIT: a new connection, SNATed by the current rule, without STALE_CONNTRACK_BYPASSES_NAT', () => {
    const t = traceWith('TIME_WAIT');
    const ct = t.steps.find((s) => s.host === GW && s.kind === 'conntrack');
    assert.match(ct?.explanation ?? '', /in TIME_WAIT reopens it: the old entry is deleted and new connection tcp 13\.13\.0\.4:40100/);
    assert.equal(t.conntrack?.state, 'NEW');
    assert.ok(t.steps.some((s) => s.host === GW && s.chain === 'EXCLUSIVE_SNAT' && s.verdict === 'SNAT'));
    assert.equal(
      t.diagnosis.find((d) => d.code === 'STALE_CONNTRACK_BYPASSES_NAT'),
      undefined,
    );
  });

  it('ESTABLISHED: the entry keeps the flow un-NATed, and the diagnosis says why', () => {
    const t = traceWith('ESTABLISHED');
    assert.equal(t.conntrack?.state, 'ESTABLISHED');
    assert.ok(!t.steps.some((s) => s.host === GW && s.chain === 'EXCLUSIVE_SNAT'));
    assert.ok(t.diagnosis.some((d) => d.code === 'STALE_CONNTRACK_BYPASSES_NAT'));
  });

  it('the trace echoes the flags the request gave (a mid-stream ACK on the ESTABLISHED entry), and none without them', () => {
    const ack = traceWith('ESTABLISHED', ['ACK']);
    assert.deepEqual(ack.packet.tcpFlags, ['ACK']);
    assert.equal(ack.conntrack?.state, 'ESTABLISHED');
    assert.equal(traceWith('ESTABLISHED').packet.tcpFlags, undefined);
    assert.deepEqual(traceWith('ESTABLISHED', ['SYN']).packet.tcpFlags, ['SYN']);
  });
});
