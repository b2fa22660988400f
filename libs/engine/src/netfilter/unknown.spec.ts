import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { compileNetfilter } from './compile-netfilter';
import { evaluateTable } from './evaluate-table';
import { tableInput } from './testing/inputs.testing';
import { probe } from './testing/probe.testing';
import { hostOf } from './testing/ruleset.testing';

describe('what the engine does not model makes the trace UNKNOWN at that rule', () => {
  it('an unknown match module, named with the table, chain and rule', () => {
    const save = `
*nat
:PREROUTING ACCEPT [0:0]
:KUBE-SVC-X - [0:0]
-A PREROUTING -j KUBE-SVC-X
-A KUBE-SVC-X -p udp -j ACCEPT
-A KUBE-SVC-X -m comment --comment x
-A KUBE-SVC-X -m foo --bar 1 -j DNAT --to-destination 10.0.0.9
-A KUBE-SVC-X -j DNAT --to-destination 10.0.0.8
`;
    const result = evaluateTable(compileNetfilter(hostOf(save)), tableInput('nat', 'PREROUTING'));
    assert.equal(result.verdict, 'UNKNOWN');
    assert.equal(result.unknown, 'match "-m foo" in nat/KUBE-SVC-X rule 3 is not modelled');
    assert.equal(result.nat, null);
    const last = result.steps[result.steps.length - 1];
    assert.equal(last?.verdict, 'UNKNOWN');
    assert.equal(last?.rule, '-A KUBE-SVC-X -m foo --bar 1 -j DNAT --to-destination 10.0.0.9');
    assert.equal(last?.explanation, result.unknown);
  });

  it('is not reached when another match of the rule fails', () => {
    const result = probe('-p udp -m foo --bar 1');
    assert.equal(result.outcome, 'no');
    assert.equal(result.result.verdict, 'DROP');
    assert.equal(probe('-m foo -p udp').outcome, 'no');
  });

  it('an unknown option of a known match, an unreadable value', () => {
    assert.equal(
      probe('-p tcp -m tcp --tcp-option 2').explanation,
      'option --tcp-option of match "-m tcp" in filter/INPUT rule 1 is not modelled',
    );
    assert.equal(
      probe('-p tcp --dport 99999').explanation,
      'value "99999" of --dport (match "-m tcp") in filter/INPUT rule 1 cannot be read',
    );
    assert.equal(probe('-m conntrack --ctstate BOGUS').outcome, 'unknown');
  });

  it('an unknown target, when its rule matches', () => {
    const save = `
*filter
:INPUT ACCEPT [0:0]
-A INPUT -p udp -j NFQUEUE --queue-num 1
-A INPUT -p tcp -j NFQUEUE --queue-num 2
`;
    const result = evaluateTable(compileNetfilter(hostOf(save)), tableInput('filter', 'INPUT'));
    assert.equal(result.verdict, 'UNKNOWN');
    assert.equal(result.unknown, 'target "-j NFQUEUE" in filter/INPUT rule 2 is not modelled');
    assert.equal(result.steps.length, 1);
    assert.equal(result.steps[0]?.verdict, 'UNKNOWN');
  });

  it('an unknown option of a known target, and a goto to a chain the table lacks', () => {
    const save = `
*filter
:INPUT ACCEPT [0:0]
:FORWARD ACCEPT [0:0]
-A INPUT -j REJECT --reject-with tcp-reset --bogus 1
-A FORWARD -g NOWHERE
`;
    const compiled = compileNetfilter(hostOf(save));
    assert.equal(
      evaluateTable(compiled, tableInput('filter', 'INPUT')).unknown,
      'option --bogus of target "-j REJECT" in filter/INPUT rule 1 is not modelled',
    );
    assert.equal(
      evaluateTable(compiled, tableInput('filter', 'FORWARD')).unknown,
      'filter/FORWARD rule 1 goes to chain NOWHERE, which table filter does not have',
    );
  });
});
