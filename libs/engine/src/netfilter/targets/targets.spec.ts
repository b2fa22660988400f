import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import type { IptablesTableName } from '@hookpath/model';
import { compileNetfilter } from '../compile-netfilter';
import { evaluateTable } from '../evaluate-table';
import type { Hook } from '../../packet/hooks';
import type { TableResult } from '../table-evaluation';
import { tableInput, type InputSpec } from '../testing/inputs.testing';
import { hostOf } from '../testing/ruleset.testing';
import { applyXMark, parseXMark } from './mark';

function run(rules: readonly string[], spec: InputSpec = {}, table: IptablesTableName = 'mangle', hook: Hook = 'PREROUTING'): TableResult {
  const save = `*${table}\n:${hook} ACCEPT [0:0]\n${rules.map((r) => `-A ${hook} ${r}`).join('\n')}\n`;
  return evaluateTable(compileNetfilter(hostOf(save)), tableInput(table, hook, spec));
}

const marked = (mark: number): InputSpec => ({ packet: { src: '10.0.0.1', dst: '10.0.0.2', proto: 'tcp', mark } });

describe('MARK', () => {
  it('computes (mark & ~mask) ^ value for each option form (libxt_MARK)', () => {
    const cases: Array<[string, string, number, number]> = [
      ['set-xmark', '0x4000/0x4000', 0x8001, 0xc001],
      ['set-xmark', '0x4000/0x0', 0x4001, 0x0001],
      ['set-xmark', '0x0', 0x4001, 0],
      ['set-xmark', '0x1/0xffffffff', 0xff, 1],
      ['set-mark', '0x1', 0xf0, 0x1],
      ['set-mark', '0x1/0xf', 0xf0, 0xf1],
      ['set-mark', '0x10/0x1', 0xf1, 0xf0],
      ['and-mark', '0xff', 0x1234, 0x34],
      ['or-mark', '0x4000', 0x1, 0x4001],
      ['xor-mark', '0x3', 0x1, 0x2],
    ];
    for (const [name, value, before, after] of cases) {
      const x = parseXMark(name, value);
      assert.notEqual(x, null);
      assert.equal(applyXMark(before, x ?? { value: 0, mask: 0 }), after, `--${name} ${value} on ${before}`);
      const result = run([`-j MARK --${name} ${value}`], marked(before));
      assert.equal(result.packet.mark, after);
    }
  });

  it('continues the walk and explains the change (kube-proxy KUBE-MARK-MASQ)', () => {
    const result = run(['-j MARK --set-xmark 0x4000/0x4000', '-m mark --mark 0x4000/0x4000 -j ACCEPT']);
    assert.deepEqual(
      result.steps.map((s) => s.verdict),
      ['MARK', 'ACCEPT'],
    );
    assert.equal(
      result.steps[0]?.explanation,
      'matches every packet: mark 0x0 -> 0x4000 (--set-xmark 0x4000/0x4000) [mark 0x4000 = the masquerade mark: SNAT the packet when it leaves (kube-proxy KUBE-MARK-MASQ, kube-ovn OVN-PREROUTING)]',
    );
    assert.equal(result.steps[0]?.packetAfter?.mark, '0x4000');
    assert.equal(
      result.steps[1]?.explanation,
      'matched mark 0x4000 matches 0x4000/0x4000: accept [mark 0x4000 = the masquerade mark: SNAT the packet when it leaves (kube-proxy KUBE-MARK-MASQ, kube-ovn OVN-PREROUTING)]',
    );
  });
});

describe('CONNMARK', () => {
  it('--set-xmark / --set-mark change the connection mark', () => {
    assert.equal(run(['-j CONNMARK --set-xmark 0x1/0xffffffff'], { ct: { mark: 0x30 } }).ctMark, 0x1);
    assert.equal(run(['-j CONNMARK --set-mark 0x1/0xf'], { ct: { mark: 0x32 } }).ctMark, 0x31);
    assert.equal(run(['-j CONNMARK --or-mark 0x100'], { ct: { mark: 0x1 } }).ctMark, 0x101);
  });

  it('--save-mark: ctmark = (ctmark & ~ctmask) ^ (mark & nfmask)', () => {
    assert.equal(
      run(['-j CONNMARK --save-mark --nfmask 0xffffffff --ctmask 0xffffffff'], { ...marked(0x4000), ct: { mark: 0x1 } }).ctMark,
      0x4000,
    );
    assert.equal(
      run(['-j CONNMARK --save-mark --nfmask 0xff00 --ctmask 0xff00'], { ...marked(0x4321), ct: { mark: 0x10001 } }).ctMark,
      0x14301,
    );
    assert.equal(run(['-j CONNMARK --save-mark --mask 0xf'], { ...marked(0x4321), ct: { mark: 0xf0 } }).ctMark, 0xf1);
  });

  it('--restore-mark: mark = (mark & ~nfmask) ^ (ctmark & ctmask)', () => {
    const result = run(['-j CONNMARK --restore-mark --nfmask 0xff --ctmask 0xff'], { ...marked(0x4400), ct: { mark: 0x1234 } });
    assert.equal(result.packet.mark, 0x4434);
    assert.equal(result.ctMark, null);
    assert.match(result.steps[0]?.explanation ?? '', /mark 0x4400 -> 0x4434 \(--restore-mark from connection mark 0x1234/);
  });

  it('does nothing without a connection; a connmark match sees the new mark', () => {
    const none = run(['-j CONNMARK --set-mark 0x1'], { ct: null });
    assert.equal(none.ctMark, null);
    assert.match(none.steps[0]?.explanation ?? '', /no connection, nothing changes/);
    const seen = run(['-j CONNMARK --set-mark 0x7', '-m connmark --mark 0x7 -j DROP'], { ct: {} });
    assert.equal(seen.verdict, 'DROP');
    assert.equal(seen.ctMark, 0x7);
  });
});

describe('TPROXY', () => {
  it('marks, hands the packet to the local socket and ends the table (kube-ovn probe tproxy)', () => {
    const result = run(
      ['-d 10.241.39.2/32 -p tcp -m tcp --dport 80 -j TPROXY --on-port 8102 --on-ip 172.18.0.3 --tproxy-mark 0x90004/0x90004'],
      {
        packet: { src: '10.241.39.1', dst: '10.241.39.2', proto: 'tcp', dport: 80, mark: 1 },
      },
    );
    assert.equal(result.verdict, 'ACCEPT');
    assert.deepEqual(result.tproxy, { address: '172.18.0.3', port: 8102 });
    assert.equal(result.packet.mark, 0x90005);
    assert.equal(result.steps[0]?.verdict, 'TPROXY');
  });

  it('without --on-ip uses the incoming interface address', () => {
    const result = run(['-p tcp -j TPROXY --on-port 15006'], { inIface: 'eth0' });
    assert.deepEqual(result.tproxy, { address: '192.168.1.10', port: 15006 });
  });
});

describe('CT, NOTRACK, REJECT, LOG and other passive targets', () => {
  it('CT --notrack and NOTRACK make the packet untracked for the rest of raw', () => {
    for (const target of ['-j CT --notrack', '-j NOTRACK']) {
      const result = run([target, '-m conntrack --ctstate UNTRACKED -j ACCEPT'], {}, 'raw', 'PREROUTING');
      assert.equal(result.notrack, true);
      assert.deepEqual(
        result.steps.map((s) => s.verdict),
        ['NOTRACK', 'ACCEPT'],
      );
    }
  });

  it('CT with helper/timeout settings continues; --zone N sets the conntrack zone; directional zones are not modelled', () => {
    const helper = run(
      ['-p tcp --dport 21 -j CT --helper ftp'],
      { packet: { src: '10.0.0.1', dst: '10.0.0.2', proto: 'tcp', dport: 21 } },
      'raw',
      'PREROUTING',
    );
    assert.equal(helper.steps[0]?.verdict, 'CONTINUE');
    assert.equal(helper.notrack, false);
    assert.equal(helper.ctZone, null);
    const zone = run(['-j CT --zone 3'], {}, 'raw', 'PREROUTING');
    assert.equal(zone.verdict, 'ACCEPT');
    assert.equal(zone.steps[0]?.verdict, 'CONTINUE');
    assert.equal(zone.ctZone, 3);
    const orig = run(['-j CT --zone-orig 3'], {}, 'raw', 'PREROUTING');
    assert.equal(orig.verdict, 'UNKNOWN');
    assert.equal(orig.unknown, 'option --zone-orig of target "-j CT" in raw/PREROUTING rule 1 is not modelled');
    // iptables-save prints these as they were given (--zone-orig N --zone-reply N is saved as --zone N)
    const reply = run(['-j CT --zone-reply mark'], {}, 'raw', 'PREROUTING');
    assert.equal(reply.unknown, 'option --zone-reply of target "-j CT" in raw/PREROUTING rule 1 is not modelled');
    const mark = run(['-j CT --zone mark'], {}, 'raw', 'PREROUTING');
    assert.equal(mark.verdict, 'UNKNOWN');
    assert.equal(
      mark.unknown,
      '--zone mark of target "-j CT" in raw/PREROUTING rule 1 (the zone taken from the packet\'s mark) is not modelled',
    );
  });

  it('REJECT defaults to icmp-port-unreachable', () => {
    const result = run(['-j REJECT'], {}, 'filter', 'INPUT');
    assert.equal(result.verdict, 'REJECT');
    assert.equal(result.rejectWith, 'icmp-port-unreachable');
  });

  it('NFLOG, TRACE, TCPMSS and SET --add-set continue', () => {
    const result = run(
      ['-j NFLOG --nflog-group 5', '-j TRACE', '-p tcp -j TCPMSS --clamp-mss-to-pmtu', '-j SET --add-set seen src'],
      {},
      'mangle',
      'FORWARD',
    );
    assert.deepEqual(
      result.steps.map((s) => s.verdict),
      ['LOG', 'CONTINUE', 'CONTINUE', 'CONTINUE', 'POLICY_ACCEPT'],
    );
    assert.equal(result.verdict, 'ACCEPT');
  });
});
