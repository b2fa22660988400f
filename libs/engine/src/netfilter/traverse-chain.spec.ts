import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { compileNetfilter } from './compile-netfilter';
import { evaluateTable } from './evaluate-table';
import { hostOf } from './testing/ruleset.testing';
import { tableInput } from './testing/inputs.testing';
import type { TableResult } from './table-evaluation';

const trail = (result: TableResult): string[] => result.steps.map((s) => `${s.chain} ${s.verdict}${s.rule === null ? '' : ` ${s.rule}`}`);

/** The goto experiment, as `xtables-monitor --trace` showed it on this kernel (see the report). */
const GOTO = `
*filter
:INPUT ACCEPT [0:0]
:FORWARD ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
:A - [0:0]
:B - [0:0]
-A INPUT -p icmp -j A
-A INPUT -p icmp -m comment --comment afterA
-A A -g B
-A A -m comment --comment inA-after-goto
-A B -m comment --comment inB
-A B -j RETURN
-A B -m comment --comment inB-after-return
COMMIT
`;

describe('evaluateTable: traversal', () => {
  it('goto: RETURN in the goto target goes back to the caller of the chain that did the goto', () => {
    const compiled = compileNetfilter(hostOf(GOTO));
    const result = evaluateTable(
      compiled,
      tableInput('filter', 'INPUT', { packet: { src: '10.99.0.1', dst: '10.99.0.2', proto: 'icmp' } }),
    );
    assert.deepEqual(trail(result), [
      'INPUT JUMP -A INPUT -p icmp -j A',
      'A GOTO -A A -g B',
      'B CONTINUE -A B -m comment --comment inB',
      'B RETURN -A B -j RETURN',
      'INPUT CONTINUE -A INPUT -p icmp -m comment --comment afterA',
      'INPUT POLICY_ACCEPT',
    ]);
    assert.equal(result.verdict, 'ACCEPT');
    assert.equal(result.consulted, true);
  });

  it('falling off a goto target returns to the caller of the goto; falling off a user chain is silent', () => {
    const save = `
*filter
:INPUT DROP [0:0]
:A - [0:0]
:B - [0:0]
-A INPUT -j A
-A INPUT -j ACCEPT
-A A -g B
-A A -j DROP
-A B -p udp -j DROP
`;
    const result = evaluateTable(compileNetfilter(hostOf(save)), tableInput('filter', 'INPUT'));
    assert.deepEqual(trail(result), ['INPUT JUMP -A INPUT -j A', 'A GOTO -A A -g B', 'INPUT ACCEPT -A INPUT -j ACCEPT']);
    assert.equal(result.verdict, 'ACCEPT');
  });

  it('a goto from the base chain ends in the base chain policy', () => {
    const save = `
*filter
:FORWARD DROP [0:0]
:A - [0:0]
-A FORWARD -g A
-A FORWARD -j ACCEPT
-A A -j RETURN
`;
    const result = evaluateTable(compileNetfilter(hostOf(save)), tableInput('filter', 'FORWARD'));
    assert.deepEqual(trail(result), ['FORWARD GOTO -A FORWARD -g A', 'A RETURN -A A -j RETURN', 'FORWARD POLICY_DROP']);
    assert.equal(result.verdict, 'DROP');
    assert.match(result.steps[2]?.explanation ?? '', /RETURN from built-in chain FORWARD: policy DROP/);
  });

  it('RETURN in a base chain applies its policy; nested jumps return one level each', () => {
    const save = `
*filter
:OUTPUT ACCEPT [0:0]
:A - [0:0]
:B - [0:0]
-A OUTPUT -j A
-A OUTPUT -j RETURN
-A OUTPUT -j DROP
-A A -j B
-A A -m comment --comment backInA
-A B -j RETURN
`;
    const result = evaluateTable(compileNetfilter(hostOf(save)), tableInput('filter', 'OUTPUT'));
    assert.deepEqual(trail(result), [
      'OUTPUT JUMP -A OUTPUT -j A',
      'A JUMP -A A -j B',
      'B RETURN -A B -j RETURN',
      'A CONTINUE -A A -m comment --comment backInA',
      'OUTPUT RETURN -A OUTPUT -j RETURN',
      'OUTPUT POLICY_ACCEPT',
    ]);
  });

  it('terminal verdicts end the table; non-terminating rules continue', () => {
    const save = `
*filter
:INPUT ACCEPT [0:0]
-A INPUT -p tcp
-A INPUT -j LOG --log-prefix "in: "
-A INPUT -p tcp --dport 80 -j REJECT --reject-with tcp-reset
-A INPUT -j DROP
`;
    const result = evaluateTable(compileNetfilter(hostOf(save)), tableInput('filter', 'INPUT'));
    assert.deepEqual(
      result.steps.map((s) => s.verdict),
      ['CONTINUE', 'LOG', 'REJECT'],
    );
    assert.equal(result.verdict, 'REJECT');
    assert.equal(result.rejectWith, 'tcp-reset');
    assert.equal(result.steps[0]?.explanation, 'matched -p tcp: no target: continue');
    assert.equal(result.steps[1]?.explanation, 'matches every packet: LOG (prefix "in: "): logged, continue');
  });

  it('an empty built-in chain gives a policy step with the hook priority', () => {
    const save = `
*mangle
:PREROUTING ACCEPT [0:0]
:INPUT ACCEPT [0:0]
:FORWARD ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
:POSTROUTING ACCEPT [0:0]
`;
    const result = evaluateTable(compileNetfilter(hostOf(save)), tableInput('mangle', 'PREROUTING'));
    assert.deepEqual(result.steps, [
      {
        host: 'h1',
        kind: 'netfilter',
        hook: 'PREROUTING',
        priority: -150,
        table: 'mangle',
        chain: 'PREROUTING',
        rule: null,
        verdict: 'POLICY_ACCEPT',
        packetAfter: { src: '10.0.0.1', dst: '10.0.0.2', sport: 40000, dport: 80, mark: '0x0', ttl: 64 },
        explanation: 'end of built-in chain PREROUTING: policy ACCEPT',
      },
    ]);
  });

  it('a table or base chain absent from the snapshot is not registered', () => {
    const compiled = compileNetfilter(hostOf('*filter\n:INPUT ACCEPT [0:0]\n'));
    for (const result of [
      evaluateTable(compiled, tableInput('mangle', 'INPUT')),
      evaluateTable(compiled, tableInput('filter', 'FORWARD')),
      evaluateTable(compileNetfilter({ ...hostOf(''), iptables: null }), tableInput('filter', 'INPUT')),
    ]) {
      assert.equal(result.verdict, 'ACCEPT');
      assert.equal(result.consulted, false);
      assert.deepEqual(result.steps, []);
    }
  });

  it('does not change the input packet', () => {
    const save = '*mangle\n:PREROUTING ACCEPT [0:0]\n-A PREROUTING -j MARK --set-xmark 0x1/0xffffffff\n';
    const input = tableInput('mangle', 'PREROUTING');
    const result = evaluateTable(compileNetfilter(hostOf(save)), input);
    assert.equal(input.packet.mark, 0);
    assert.equal(result.packet.mark, 1);
  });

  it('reports chains that loop through gotos as UNKNOWN', () => {
    const save = `
*filter
:INPUT ACCEPT [0:0]
:A - [0:0]
:B - [0:0]
-A INPUT -j A
-A A -g B
-A B -g A
`;
    const result = evaluateTable(compileNetfilter(hostOf(save)), tableInput('filter', 'INPUT'));
    assert.equal(result.verdict, 'UNKNOWN');
    assert.match(result.unknown ?? '', /loop/);
  });
});
