import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { compileNetfilter } from '../compile-netfilter';
import { evaluateTable } from '../evaluate-table';
import { environment, tableInput } from '../testing/inputs.testing';
import { hostOf } from '../testing/ruleset.testing';

/** Seed 000: the VPC NAT gateway's nat table with the EIP bound. */
const GATEWAY = `
*nat
:PREROUTING ACCEPT [0:0]
:INPUT ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
:POSTROUTING ACCEPT [0:0]
:DNAT_FILTER - [0:0]
:EXCLUSIVE_DNAT - [0:0]
:EXCLUSIVE_SNAT - [0:0]
:SHARED_DNAT - [0:0]
:SHARED_SNAT - [0:0]
:SNAT_FILTER - [0:0]
-A PREROUTING -j DNAT_FILTER
-A POSTROUTING -j SNAT_FILTER
-A DNAT_FILTER -j EXCLUSIVE_DNAT
-A DNAT_FILTER -j SHARED_DNAT
-A EXCLUSIVE_DNAT -d 192.169.100.2/32 -j DNAT --to-destination 13.13.0.4
-A EXCLUSIVE_SNAT -s 13.13.0.4/32 -j SNAT --to-source 192.169.100.2
-A SNAT_FILTER -j EXCLUSIVE_SNAT
-A SNAT_FILTER -j SHARED_SNAT
`;

const ping = { src: '192.169.100.1', dst: '192.169.100.2', proto: 'icmp' as const, icmpId: 27281 };

describe('nat table', () => {
  const compiled = compileNetfilter(hostOf(GATEWAY));

  it('DNATs the first packet of a connection and ends the table (seed 000)', () => {
    const result = evaluateTable(compiled, tableInput('nat', 'PREROUTING', { inIface: 'net1', packet: ping }));
    assert.equal(result.verdict, 'ACCEPT');
    assert.equal(result.consulted, true);
    assert.equal(result.packet.dst, '13.13.0.4');
    assert.deepEqual(result.nat, {
      kind: 'DNAT',
      address: '13.13.0.4',
      port: null,
      rule: '-A EXCLUSIVE_DNAT -d 192.169.100.2/32 -j DNAT --to-destination 13.13.0.4',
      random: false,
      persistent: false,
      randomFully: false,
    });
    assert.deepEqual(
      result.steps.map((s) => [s.chain, s.verdict, s.priority]),
      [
        ['PREROUTING', 'JUMP', -100],
        ['DNAT_FILTER', 'JUMP', -100],
        ['EXCLUSIVE_DNAT', 'DNAT', -100],
      ],
    );
    assert.equal(result.steps[2]?.explanation, 'matched -d 192.169.100.2/32: DNAT to 13.13.0.4');
    assert.equal(result.steps[2]?.packetAfter?.dst, '13.13.0.4');
  });

  it('SNATs in POSTROUTING at priority 100', () => {
    const packet = { src: '13.13.0.4', dst: '192.169.100.1', proto: 'icmp' as const };
    const result = evaluateTable(compiled, tableInput('nat', 'POSTROUTING', { inIface: 'eth0', outIface: 'net1', packet }));
    assert.equal(result.packet.src, '192.169.100.2');
    assert.equal(result.nat?.kind, 'SNAT');
    assert.deepEqual(
      result.steps.map((s) => `${s.chain} ${s.verdict} ${s.priority}`),
      ['POSTROUTING JUMP 100', 'SNAT_FILTER JUMP 100', 'EXCLUSIVE_SNAT SNAT 100'],
    );
  });

  it('is not consulted for later packets, without conntrack, or for untracked and invalid packets (oracle facts 2, 3)', () => {
    for (const ct of [
      { confirmed: true, state: 'ESTABLISHED' as const },
      { confirmed: true, state: 'NEW' as const },
      null,
      { state: 'UNTRACKED' as const },
      { state: 'INVALID' as const },
    ]) {
      const result = evaluateTable(compiled, tableInput('nat', 'PREROUTING', { packet: ping, ct }));
      assert.equal(result.consulted, false, JSON.stringify(ct));
      assert.equal(result.verdict, 'ACCEPT');
      assert.deepEqual(result.steps, []);
      assert.equal(result.packet.dst, '192.169.100.2');
    }
  });

  it('a nat chain falling off gives the policy step and no translation', () => {
    const result = evaluateTable(compiled, tableInput('nat', 'PREROUTING', { packet: { ...ping, dst: '192.169.100.9' } }));
    assert.equal(result.nat, null);
    assert.deepEqual(
      result.steps.map((s) => s.verdict),
      ['JUMP', 'JUMP', 'JUMP', 'POLICY_ACCEPT'],
    );
  });

  it('DNAT to an address and port range: the address by the kernel hash, a random port (--random) shown as the first; flags recorded', () => {
    const save = `
*nat
:PREROUTING ACCEPT [0:0]
-A PREROUTING -p tcp -m tcp --dport 80 -j DNAT --to-destination 10.244.0.2-10.244.0.9:8080-8090 --random --persistent
`;
    const result = evaluateTable(compileNetfilter(hostOf(save)), tableInput('nat', 'PREROUTING'));
    assert.equal(result.packet.dst, '10.244.0.4');
    assert.equal(result.packet.dport, 8080);
    assert.equal(result.nat?.port, 8080);
    assert.equal(result.nat?.random, true);
    assert.equal(result.nat?.persistent, true);
    assert.equal(
      result.steps[0]?.explanation,
      "matched -p tcp, --dport 80: DNAT to 10.244.0.4:8080 (10.244.0.4 of 10.244.0.2-10.244.0.9 by the kernel's hash of the source address (--persistent); the kernel picks a random destination port in 8080-8090; the trace takes the first) (--random --persistent)",
    );
  });

  it('DNAT to a port range without --random starts at the first port; a port already in the range is kept', () => {
    const save = '*nat\n:PREROUTING ACCEPT [0:0]\n-A PREROUTING -p tcp -j DNAT --to-destination 10.244.0.2:8080-8090\n';
    const compiledRange = compileNetfilter(hostOf(save));
    const first = evaluateTable(compiledRange, tableInput('nat', 'PREROUTING'));
    assert.deepEqual([first.packet.dst, first.packet.dport], ['10.244.0.2', 8080]);
    assert.equal(first.steps[0]?.explanation, 'matched -p tcp: DNAT to 10.244.0.2:8080');
    const packet = { src: '10.0.0.1', dst: '10.0.0.2', proto: 'tcp' as const, dport: 8085 };
    const kept = evaluateTable(compiledRange, tableInput('nat', 'PREROUTING', { packet }));
    assert.deepEqual([kept.packet.dport, kept.nat?.port], [8085, null]);
  });

  it('DNAT with only a port keeps the address; ports are not applied to icmp', () => {
    const save = '*nat\n:OUTPUT ACCEPT [0:0]\n-A OUTPUT -j DNAT --to-destination :8080\n';
    const compiledPort = compileNetfilter(hostOf(save));
    const tcp = evaluateTable(compiledPort, tableInput('nat', 'OUTPUT'));
    assert.equal(tcp.packet.dst, '10.0.0.2');
    assert.equal(tcp.packet.dport, 8080);
    const icmp = evaluateTable(compiledPort, tableInput('nat', 'OUTPUT', { packet: { src: '10.0.0.1', dst: '10.0.0.2', proto: 'icmp' } }));
    assert.equal(icmp.packet.dport, 0);
    assert.equal(icmp.nat?.port, null);
  });

  it('MASQUERADE asks the environment for the egress address, with --to-ports and --random-fully', () => {
    const save = `
*nat
:POSTROUTING ACCEPT [0:0]
-A POSTROUTING -o eth1 -j MASQUERADE --to-ports 20000-30000 --random-fully
`;
    const env = environment(['10.12.97.49'], '10.12.97.49');
    const result = evaluateTable(compileNetfilter(hostOf(save)), tableInput('nat', 'POSTROUTING', { env, nexthop: '10.12.96.1' }));
    assert.deepEqual(env.calls, ['masqueradeSource eth1 10.12.96.1']);
    assert.equal(result.packet.src, '10.12.97.49');
    assert.equal(result.packet.sport, 20000);
    assert.equal(result.nat?.kind, 'MASQUERADE');
    assert.equal(result.nat?.randomFully, true);
    assert.equal(result.steps[0]?.verdict, 'MASQUERADE');
    assert.match(
      result.steps[0]?.explanation ?? '',
      /^matched -o eth1: MASQUERADE to 10\.12\.97\.49:20000, the source the kernel selects for leaving eth1 toward 10\.12\.96\.1/,
    );
  });

  it('MASQUERADE without a next hop uses the destination; with no address the kernel drops', () => {
    const save = '*nat\n:POSTROUTING ACCEPT [0:0]\n-A POSTROUTING -j MASQUERADE\n';
    const env = environment([], null);
    const result = evaluateTable(compileNetfilter(hostOf(save)), tableInput('nat', 'POSTROUTING', { env }));
    assert.deepEqual(env.calls, ['masqueradeSource eth1 10.0.0.2']);
    assert.equal(result.verdict, 'DROP');
    assert.equal(result.nat, null);
  });

  it('REDIRECT goes to the incoming interface address, 127.0.0.1 for local packets', () => {
    const save = `
*nat
:PREROUTING ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
-A PREROUTING -p tcp -j REDIRECT --to-ports 15001
-A OUTPUT -p tcp -j REDIRECT --to-ports 15001
`;
    const compiledRedirect = compileNetfilter(hostOf(save));
    const incoming = evaluateTable(compiledRedirect, tableInput('nat', 'PREROUTING'));
    assert.equal(incoming.packet.dst, '192.168.1.10');
    assert.equal(incoming.packet.dport, 15001);
    assert.equal(incoming.nat?.kind, 'REDIRECT');
    const local = evaluateTable(compiledRedirect, tableInput('nat', 'OUTPUT'));
    assert.equal(local.packet.dst, '127.0.0.1');
    assert.equal(local.steps[0]?.explanation, 'matched -p tcp: REDIRECT to 127.0.0.1:15001');
  });

  it('NETMAP maps the network part of the destination in PREROUTING and of the source in POSTROUTING', () => {
    const save = `
*nat
:PREROUTING ACCEPT [0:0]
:POSTROUTING ACCEPT [0:0]
-A PREROUTING -d 1.2.3.0/24 -j NETMAP --to 10.0.1.0/24
-A POSTROUTING -s 10.0.1.0/24 -j NETMAP --to 1.2.3.0/24
`;
    const compiledNetmap = compileNetfilter(hostOf(save));
    const pre = evaluateTable(
      compiledNetmap,
      tableInput('nat', 'PREROUTING', { packet: { src: '9.9.9.9', dst: '1.2.3.77', proto: 'udp', dport: 53 } }),
    );
    assert.equal(pre.packet.dst, '10.0.1.77');
    assert.equal(pre.nat?.kind, 'DNAT');
    const post = evaluateTable(
      compiledNetmap,
      tableInput('nat', 'POSTROUTING', { packet: { src: '10.0.1.5', dst: '9.9.9.9', proto: 'udp', dport: 53 } }),
    );
    assert.equal(post.packet.src, '1.2.3.5');
  });
});
