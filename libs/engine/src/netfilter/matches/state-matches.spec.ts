import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import type { CtView } from '../../conntrack/ct-view';
import { outcome, probe } from '../testing/probe.testing';

const established = (over: Partial<CtView> = {}): Partial<CtView> => ({
  state: 'ESTABLISHED',
  confirmed: true,
  status: { seenReply: true, assured: true, snat: false, dnat: false, expected: false },
  ...over,
});

describe('conntrack match', () => {
  it('--ctstate sees the state and the SNAT/DNAT virtual states, ! inverts', () => {
    assert.equal(outcome('-m conntrack --ctstate NEW'), 'match');
    assert.equal(outcome('-m conntrack --ctstate RELATED,ESTABLISHED'), 'no');
    assert.equal(outcome('-m conntrack --ctstate RELATED,ESTABLISHED', { ct: established() }), 'match');
    const dnat = { ct: established({ status: { seenReply: true, assured: true, snat: false, dnat: true, expected: false } }) };
    assert.equal(outcome('-m conntrack --ctstate DNAT', dnat), 'match');
    assert.equal(outcome('-m conntrack --ctstate SNAT', dnat), 'no');
    // kube-proxy's KUBE-FIREWALL rule
    assert.equal(outcome('-m conntrack ! --ctstate RELATED,ESTABLISHED,DNAT', dnat), 'no');
    assert.equal(outcome('-m conntrack ! --ctstate RELATED,ESTABLISHED,DNAT'), 'match');
    assert.equal(
      probe('-m conntrack --ctstate ESTABLISHED', dnat).explanation,
      'matched ctstate ESTABLISHED,DNAT is in ESTABLISHED: accept',
    );
  });

  it('untracked and invalid packets: only --ctstate can match', () => {
    assert.equal(outcome('-m conntrack --ctstate UNTRACKED', { ct: null }), 'match');
    assert.equal(outcome('-m conntrack --ctstate UNTRACKED', { ct: { state: 'UNTRACKED' } }), 'match');
    assert.equal(outcome('-m conntrack --ctstate INVALID', { ct: { state: 'INVALID' } }), 'match');
    assert.equal(outcome('-m conntrack --ctstate NEW', { ct: null }), 'no');
    assert.equal(outcome('-m conntrack --ctstatus ASSURED', { ct: null }), 'no');
    assert.equal(outcome('-m conntrack ! --ctstatus ASSURED', { ct: null }), 'no');
    assert.equal(outcome('-m conntrack --ctstate UNTRACKED --ctdir ORIGINAL', { ct: null }), 'match');
  });

  it('raw runs before conntrack: every packet is INVALID there (kernel trace on this machine)', () => {
    assert.equal(outcome('-m conntrack --ctstate INVALID', { ct: established() }, { table: 'raw', hook: 'PREROUTING' }), 'match');
    assert.equal(outcome('-m state --state ESTABLISHED', { ct: established() }, { table: 'raw', hook: 'PREROUTING' }), 'no');
  });

  it('--ctstatus, --ctdir and the original/reply tuples', () => {
    const ct = { ct: established() };
    assert.equal(outcome('-m conntrack --ctstatus ASSURED', ct), 'match');
    assert.equal(outcome('-m conntrack --ctstatus EXPECTED,CONFIRMED', ct), 'match');
    assert.equal(outcome('-m conntrack --ctstatus EXPECTED'), 'no');
    assert.equal(outcome('-m conntrack --ctstatus NONE', ct), 'no');
    assert.equal(outcome('-m conntrack ! --ctstatus SEEN_REPLY'), 'match');
    assert.equal(outcome('-m conntrack --ctdir ORIGINAL'), 'match');
    assert.equal(outcome('-m conntrack --ctdir REPLY'), 'no');
    assert.equal(outcome('-m conntrack --ctdir REPLY', { ct: established({ direction: 'REPLY' }) }), 'match');
    assert.equal(outcome('-m conntrack --ctorigdst 10.0.0.0/24 --ctorigsrc 10.0.0.1'), 'match');
    assert.equal(outcome('-m conntrack ! --ctorigdst 10.0.0.0/24'), 'no');
    assert.equal(outcome('-m conntrack --ctreplsrc 10.0.0.2 --ctrepldst 10.0.0.1'), 'match');
    assert.equal(outcome('-m conntrack --ctproto tcp --ctorigdstport 80 --ctreplsrcport 80:81'), 'match');
    assert.equal(outcome('-m conntrack --ctproto udp'), 'no');
  });

  it('--ctstatus ASSURED is undecided when the snapshot cannot tell whether the packet made the entry ASSURED', () => {
    const why = 'the first packet may be 2 s old';
    const ct = {
      ct: established({ status: { seenReply: true, assured: false, snat: false, dnat: false, expected: false }, assuredUnknown: why }),
    };
    const result = probe('-m conntrack --ctstatus ASSURED', ct);
    assert.equal(result.outcome, 'unknown');
    assert.match(result.explanation, /--ctstatus ASSURED: the first packet may be 2 s old/);
    assert.equal(outcome('-m conntrack ! --ctstatus ASSURED', ct), 'unknown');
    assert.equal(outcome('-m conntrack --ctstatus SEEN_REPLY,ASSURED', ct), 'match', 'SEEN_REPLY decides it');
    assert.equal(outcome('-m conntrack --ctstatus CONFIRMED', ct), 'match');
  });

  it('--ctexpire is not modelled', () => {
    const result = probe('-m conntrack --ctstate NEW --ctexpire 10:100');
    assert.equal(result.outcome, 'unknown');
    assert.equal(result.explanation, 'option --ctexpire of match "-m conntrack" in filter/INPUT rule 1 is not modelled');
  });
});

describe('state match', () => {
  it('is --ctstate without the SNAT/DNAT states', () => {
    assert.equal(outcome('-m state --state NEW'), 'match');
    assert.equal(outcome('-m state --state RELATED,ESTABLISHED', { ct: established() }), 'match');
    assert.equal(outcome('-m state ! --state INVALID'), 'match');
    assert.equal(outcome('-m state --state UNTRACKED', { ct: null }), 'match');
    assert.equal(outcome('-m state --state DNAT'), 'unknown');
  });
});

describe('mark and connmark', () => {
  const marked = (mark: number) => ({ packet: { src: '10.0.0.1', dst: '10.0.0.2', proto: 'tcp' as const, mark } });
  it('mark: (mark & mask) == value, ! inverts', () => {
    assert.equal(outcome('-m mark --mark 0x4000/0x4000', marked(0x4001)), 'match');
    assert.equal(outcome('-m mark --mark 0x4000/0x4000', marked(0x8000)), 'no');
    assert.equal(outcome('-m mark ! --mark 0x4000/0x4000', marked(0)), 'match');
    assert.equal(outcome('-m mark --mark 0x1', marked(0x101)), 'no');
    assert.equal(outcome('-m mark --mark 257', marked(0x101)), 'match');
    assert.equal(
      probe('-m mark --mark 0x4000/0x4000', marked(0x4000)).explanation,
      'matched mark 0x4000 matches 0x4000/0x4000: accept [mark 0x4000 = the masquerade mark: SNAT the packet when it leaves (kube-proxy KUBE-MARK-MASQ, kube-ovn OVN-PREROUTING)]',
    );
  });

  it('connmark compares the connection mark; without a connection it never matches', () => {
    assert.equal(outcome('-m connmark --mark 0x1/0xf', { ct: { mark: 0x31 } }), 'match');
    assert.equal(outcome('-m connmark ! --mark 0x1/0xf', { ct: { mark: 0x31 } }), 'no');
    assert.equal(outcome('-m connmark --mark 0x0', { ct: null }), 'no');
    assert.equal(outcome('-m connmark ! --mark 0x1', { ct: null }), 'no');
  });
});
