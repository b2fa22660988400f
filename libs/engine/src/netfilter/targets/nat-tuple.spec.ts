import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { formatIpv4, parseIpv4 } from '../../net/ipv4';
import { compileNetfilter } from '../compile-netfilter';
import { evaluateTable } from '../evaluate-table';
import { tableInput } from '../testing/inputs.testing';
import { hostOf } from '../testing/ruleset.testing';
import { addressWord, jhash2, reciprocalScale } from './jhash';
import { hashedAddress } from './nat-tuple';

const ip = (text: string): number => parseIpv4(text) as number;

/**
 * `conntrack -L -p udp` on kernel 6.18 (this machine), namespace with 10.50.1.1-30/16 on a veth:
 * OUTPUT `-p udp --dport 7001 -j DNAT --to-destination 10.50.2.1-10.50.2.77` (7002: the same with
 * --persistent), POSTROUTING `-p udp --dport 9001 -j SNAT --to-source 10.50.3.1-10.50.3.200`
 * (9002: with --persistent); one datagram per line from the source address to the destination.
 */
const HASH_CAPTURE = `
udp      17 29 src=10.50.1.1 dst=10.50.0.254 sport=50389 dport=9002 [UNREPLIED] src=10.50.0.254 dst=10.50.3.19 sport=9002 dport=50389 mark=0 use=1
udp      17 29 src=10.50.1.1 dst=10.50.0.254 sport=54834 dport=9001 [UNREPLIED] src=10.50.0.254 dst=10.50.3.149 sport=9001 dport=54834 mark=0 use=1
udp      17 29 src=10.50.1.1 dst=10.50.200.3 sport=53046 dport=9002 [UNREPLIED] src=10.50.200.3 dst=10.50.3.19 sport=9002 dport=53046 mark=0 use=2
udp      17 29 src=10.50.1.1 dst=10.50.200.3 sport=54425 dport=9001 [UNREPLIED] src=10.50.200.3 dst=10.50.3.72 sport=9001 dport=54425 mark=0 use=2
udp      17 29 src=10.50.1.1 dst=10.50.9.9 sport=41882 dport=9001 [UNREPLIED] src=10.50.9.9 dst=10.50.3.166 sport=9001 dport=41882 mark=0 use=2
udp      17 29 src=10.50.1.1 dst=10.50.9.9 sport=45416 dport=9002 [UNREPLIED] src=10.50.9.9 dst=10.50.3.19 sport=9002 dport=45416 mark=0 use=2
udp      17 29 src=10.50.1.13 dst=10.50.0.254 sport=40076 dport=9001 [UNREPLIED] src=10.50.0.254 dst=10.50.3.20 sport=9001 dport=40076 mark=0 use=1
udp      17 29 src=10.50.1.13 dst=10.50.0.254 sport=60717 dport=9002 [UNREPLIED] src=10.50.0.254 dst=10.50.3.64 sport=9002 dport=60717 mark=0 use=1
udp      17 29 src=10.50.1.13 dst=10.50.200.3 sport=40186 dport=9002 [UNREPLIED] src=10.50.200.3 dst=10.50.3.64 sport=9002 dport=40186 mark=0 use=2
udp      17 29 src=10.50.1.13 dst=10.50.200.3 sport=48093 dport=9001 [UNREPLIED] src=10.50.200.3 dst=10.50.3.156 sport=9001 dport=48093 mark=0 use=2
udp      17 29 src=10.50.1.13 dst=10.50.9.9 sport=41550 dport=9001 [UNREPLIED] src=10.50.9.9 dst=10.50.3.32 sport=9001 dport=41550 mark=0 use=2
udp      17 29 src=10.50.1.13 dst=10.50.9.9 sport=54927 dport=9002 [UNREPLIED] src=10.50.9.9 dst=10.50.3.64 sport=9002 dport=54927 mark=0 use=2
udp      17 29 src=10.50.1.2 dst=10.50.77.66 sport=35690 dport=7001 [UNREPLIED] src=10.50.2.61 dst=10.50.1.2 sport=7001 dport=35690 mark=0 use=2
udp      17 29 src=10.50.1.2 dst=10.50.77.66 sport=45948 dport=7002 [UNREPLIED] src=10.50.2.34 dst=10.50.1.2 sport=7002 dport=45948 mark=0 use=2
udp      17 29 src=10.50.1.2 dst=10.50.8.1 sport=52463 dport=7001 [UNREPLIED] src=10.50.2.5 dst=10.50.1.2 sport=7001 dport=52463 mark=0 use=2
udp      17 29 src=10.50.1.2 dst=10.50.8.1 sport=57329 dport=7002 [UNREPLIED] src=10.50.2.34 dst=10.50.1.2 sport=7002 dport=57329 mark=0 use=2
udp      17 29 src=10.50.1.2 dst=10.50.8.2 sport=39559 dport=7002 [UNREPLIED] src=10.50.2.34 dst=10.50.1.2 sport=7002 dport=39559 mark=0 use=2
udp      17 29 src=10.50.1.2 dst=10.50.8.2 sport=44969 dport=7001 [UNREPLIED] src=10.50.2.62 dst=10.50.1.2 sport=7001 dport=44969 mark=0 use=2
udp      17 29 src=10.50.1.29 dst=10.50.77.66 sport=33080 dport=7001 [UNREPLIED] src=10.50.2.55 dst=10.50.1.29 sport=7001 dport=33080 mark=0 use=2
udp      17 29 src=10.50.1.29 dst=10.50.77.66 sport=59464 dport=7002 [UNREPLIED] src=10.50.2.11 dst=10.50.1.29 sport=7002 dport=59464 mark=0 use=2
udp      17 29 src=10.50.1.29 dst=10.50.8.1 sport=48530 dport=7001 [UNREPLIED] src=10.50.2.60 dst=10.50.1.29 sport=7001 dport=48530 mark=0 use=2
udp      17 29 src=10.50.1.29 dst=10.50.8.1 sport=57894 dport=7002 [UNREPLIED] src=10.50.2.11 dst=10.50.1.29 sport=7002 dport=57894 mark=0 use=2
udp      17 29 src=10.50.1.29 dst=10.50.8.2 sport=34043 dport=7001 [UNREPLIED] src=10.50.2.35 dst=10.50.1.29 sport=7001 dport=34043 mark=0 use=2
udp      17 29 src=10.50.1.29 dst=10.50.8.2 sport=47777 dport=7002 [UNREPLIED] src=10.50.2.11 dst=10.50.1.29 sport=7002 dport=47777 mark=0 use=2
udp      17 29 src=10.50.1.30 dst=10.50.0.254 sport=54699 dport=9001 [UNREPLIED] src=10.50.0.254 dst=10.50.3.179 sport=9001 dport=54699 mark=0 use=1
udp      17 29 src=10.50.1.30 dst=10.50.0.254 sport=56622 dport=9002 [UNREPLIED] src=10.50.0.254 dst=10.50.3.136 sport=9002 dport=56622 mark=0 use=1
udp      17 29 src=10.50.1.30 dst=10.50.200.3 sport=33594 dport=9001 [UNREPLIED] src=10.50.200.3 dst=10.50.3.91 sport=9001 dport=33594 mark=0 use=2
udp      17 29 src=10.50.1.30 dst=10.50.200.3 sport=38252 dport=9002 [UNREPLIED] src=10.50.200.3 dst=10.50.3.136 sport=9002 dport=38252 mark=0 use=2
udp      17 29 src=10.50.1.30 dst=10.50.9.9 sport=38581 dport=9002 [UNREPLIED] src=10.50.9.9 dst=10.50.3.136 sport=9002 dport=38581 mark=0 use=2
udp      17 29 src=10.50.1.30 dst=10.50.9.9 sport=60361 dport=9001 [UNREPLIED] src=10.50.9.9 dst=10.50.3.72 sport=9001 dport=60361 mark=0 use=2
udp      17 29 src=10.50.1.5 dst=10.50.77.66 sport=35643 dport=7002 [UNREPLIED] src=10.50.2.35 dst=10.50.1.5 sport=7002 dport=35643 mark=0 use=2
udp      17 29 src=10.50.1.5 dst=10.50.77.66 sport=46432 dport=7001 [UNREPLIED] src=10.50.2.75 dst=10.50.1.5 sport=7001 dport=46432 mark=0 use=2
udp      17 29 src=10.50.1.5 dst=10.50.8.1 sport=44557 dport=7001 [UNREPLIED] src=10.50.2.61 dst=10.50.1.5 sport=7001 dport=44557 mark=0 use=2
udp      17 29 src=10.50.1.5 dst=10.50.8.1 sport=54333 dport=7002 [UNREPLIED] src=10.50.2.35 dst=10.50.1.5 sport=7002 dport=54333 mark=0 use=2
udp      17 29 src=10.50.1.5 dst=10.50.8.2 sport=34750 dport=7001 [UNREPLIED] src=10.50.2.35 dst=10.50.1.5 sport=7001 dport=34750 mark=0 use=2
udp      17 29 src=10.50.1.5 dst=10.50.8.2 sport=36402 dport=7002 [UNREPLIED] src=10.50.2.35 dst=10.50.1.5 sport=7002 dport=36402 mark=0 use=2
udp      17 29 src=10.50.1.7 dst=10.50.0.254 sport=39637 dport=9002 [UNREPLIED] src=10.50.0.254 dst=10.50.3.180 sport=9002 dport=39637 mark=0 use=1
udp      17 29 src=10.50.1.7 dst=10.50.0.254 sport=41908 dport=9001 [UNREPLIED] src=10.50.0.254 dst=10.50.3.198 sport=9001 dport=41908 mark=0 use=1
udp      17 29 src=10.50.1.7 dst=10.50.200.3 sport=36304 dport=9001 [UNREPLIED] src=10.50.200.3 dst=10.50.3.142 sport=9001 dport=36304 mark=0 use=2
udp      17 29 src=10.50.1.7 dst=10.50.200.3 sport=49177 dport=9002 [UNREPLIED] src=10.50.200.3 dst=10.50.3.180 sport=9002 dport=49177 mark=0 use=2
udp      17 29 src=10.50.1.7 dst=10.50.9.9 sport=39419 dport=9002 [UNREPLIED] src=10.50.9.9 dst=10.50.3.180 sport=9002 dport=39419 mark=0 use=2
udp      17 29 src=10.50.1.7 dst=10.50.9.9 sport=53186 dport=9001 [UNREPLIED] src=10.50.9.9 dst=10.50.3.29 sport=9001 dport=53186 mark=0 use=2
`;

interface Observed {
  src: string;
  dst: string;
  dport: number;
  /** The reply tuple's destination (SNAT) or source (DNAT): the address the kernel chose. */
  chosen: string;
}

function observations(text: string): Observed[] {
  return text
    .trim()
    .split('\n')
    .map((line) => {
      const m = /src=(\S+) dst=(\S+) sport=\d+ dport=(\d+) \[UNREPLIED\] src=(\S+) dst=(\S+) /.exec(line);
      if (m === null) throw new Error(`unreadable capture line ${line}`);
      const dport = Number(m[3]);
      return { src: m[1] as string, dst: m[2] as string, dport, chosen: (dport >= 9000 ? m[5] : m[4]) as string };
    });
}

describe('jhash2 and reciprocal_scale (include/linux/jhash.h, linux/kernel.h)', () => {
  it('reads an address as the native little-endian word of its network-order bytes', () => {
    assert.equal(addressWord(ip('10.2.0.1')), 0x0100020a);
    assert.equal(addressWord(ip('255.0.0.1')), 0x010000ff);
  });

  it('hashes no words to the initial value, and mixes every word of a longer key', () => {
    assert.equal(jhash2([], 0), 0xdeadbeef);
    assert.notEqual(jhash2([1, 0, 0, 0], 0), jhash2([1, 0, 0, 1], 0));
    assert.notEqual(jhash2([1, 0, 0, 0], 0), jhash2([1, 0, 0, 0], 1));
  });

  it('scales a 32-bit value into a range by its high bits', () => {
    assert.equal(reciprocalScale(0, 3), 0);
    assert.equal(reciprocalScale(0x80000000, 3), 1);
    assert.equal(reciprocalScale(0xffffffff, 3), 2);
    assert.equal(reciprocalScale(0xffffffff, 0xffffffff), 0xfffffffe);
  });
});

describe('address of a NAT range (find_best_ips_proto)', () => {
  it('picks what the kernel picked for 42 connections, with and without --persistent', () => {
    const cases = observations(HASH_CAPTURE);
    assert.equal(cases.length, 42);
    for (const c of cases) {
      const snat = c.dport >= 9000;
      const range = snat
        ? { min: ip('10.50.3.1'), max: ip('10.50.3.200'), text: '' }
        : { min: ip('10.50.2.1'), max: ip('10.50.2.77'), text: '' };
      const persistent = c.dport % 2 === 0;
      assert.equal(formatIpv4(hashedAddress(ip(c.src), ip(c.dst), range, persistent)), c.chosen, `${c.src} -> ${c.dst} port ${c.dport}`);
    }
  });

  it('matches conformance scenario 20 (kernel: 10.2.0.11, --persistent 10.2.0.10, DNAT 10.2.0.2)', () => {
    const snat = { min: ip('10.2.0.10'), max: ip('10.2.0.12'), text: '' };
    const dnat = { min: ip('10.2.0.2'), max: ip('10.2.0.4'), text: '' };
    assert.equal(formatIpv4(hashedAddress(ip('10.1.0.2'), ip('10.2.0.2'), snat, false)), '10.2.0.11');
    assert.equal(formatIpv4(hashedAddress(ip('10.1.0.2'), ip('10.2.0.2'), snat, true)), '10.2.0.10');
    assert.equal(formatIpv4(hashedAddress(ip('10.1.0.2'), ip('10.9.0.1'), dnat, false)), '10.2.0.2');
    assert.equal(formatIpv4(hashedAddress(ip('10.1.0.2'), ip('10.9.0.1'), dnat, true)), '10.2.0.2');
  });
});

/**
 * get_unique_tuple() on kernel 6.18 (this machine), same namespace: POSTROUTING
 * `-p udp --dport 9101 -j SNAT --to-source 10.50.1.1-10.50.1.20`,
 * `-p udp --dport 9102 -j SNAT --to-source 10.50.1.1-10.50.1.20:30000-30010`, OUTPUT
 * `-p udp --dport 7100:7200 -j DNAT --to-destination 10.50.0.254:7150-7160`:
 */
const TUPLE_CAPTURE = `
udp      17 29 src=10.50.1.25 dst=10.50.0.254 sport=41001 dport=9101 [UNREPLIED] src=10.50.0.254 dst=10.50.1.8 sport=9101 dport=41001 mark=0 use=1
udp      17 29 src=10.50.1.7 dst=10.50.0.254 sport=30005 dport=9102 [UNREPLIED] src=10.50.0.254 dst=10.50.1.7 sport=9102 dport=30005 mark=0 use=1
udp      17 29 src=10.50.1.7 dst=10.50.0.254 sport=41000 dport=9101 [UNREPLIED] src=10.50.0.254 dst=10.50.1.7 sport=9101 dport=41000 mark=0 use=1
udp      17 29 src=10.50.1.7 dst=10.50.0.254 sport=41002 dport=9102 [UNREPLIED] src=10.50.0.254 dst=10.50.1.20 sport=9102 dport=30006 mark=0 use=1
udp      17 29 src=10.50.1.7 dst=10.50.0.254 sport=41003 dport=7155 [UNREPLIED] src=10.50.0.254 dst=10.50.1.7 sport=7155 dport=41003 mark=0 use=1
udp      17 29 src=10.50.1.7 dst=10.50.0.254 sport=41004 dport=7100 [UNREPLIED] src=10.50.0.254 dst=10.50.1.7 sport=7150 dport=41004 mark=0 use=1
`;

const TUPLE_RULES = `
*nat
:OUTPUT ACCEPT [0:0]
:POSTROUTING ACCEPT [0:0]
-A OUTPUT -p udp -m udp --dport 7100:7200 -j DNAT --to-destination 10.50.0.254:7150-7160
-A POSTROUTING -p udp -m udp --dport 9101 -j SNAT --to-source 10.50.1.1-10.50.1.20
-A POSTROUTING -p udp -m udp --dport 9102 -j SNAT --to-source 10.50.1.1-10.50.1.20:30000-30010
-A POSTROUTING -p udp -m udp --dport 1004 -j SNAT --to-source 10.2.0.21 --random
-A POSTROUTING -p udp -m udp --dport 1005 -j MASQUERADE --to-ports 40000-40100
`;

describe('tuple of a connection (get_unique_tuple)', () => {
  const compiled = compileNetfilter(hostOf(TUPLE_RULES));
  const udp = (src: string, sport: number, dst: string, dport: number) => ({ packet: { src, dst, proto: 'udp' as const, sport, dport } });

  it('gives the tuples the kernel gave', () => {
    for (const line of TUPLE_CAPTURE.trim().split('\n')) {
      const m = /src=(\S+) dst=(\S+) sport=(\d+) dport=(\d+) \[UNREPLIED\] src=(\S+) dst=(\S+) sport=(\d+) dport=(\d+)/.exec(line);
      assert.ok(m !== null);
      const [src, dst, sport, dport, rsrc, rdst, rsport, rdport] = m.slice(1) as [
        string,
        string,
        string,
        string,
        string,
        string,
        string,
        string,
      ];
      const dnat = Number(dport) < 9000;
      const result = evaluateTable(
        compiled,
        tableInput('nat', dnat ? 'OUTPUT' : 'POSTROUTING', udp(src, Number(sport), dst, Number(dport))),
      );
      assert.equal(result.verdict, 'ACCEPT');
      if (dnat) {
        assert.deepEqual([result.packet.dst, result.packet.dport], [rsrc, Number(rsport)], line);
      } else {
        assert.equal(result.packet.src, rdst, line);
        // a source port out of the range is random in the kernel: the trace takes the first
        assert.equal(result.packet.sport, Number(sport) === 41002 ? 30000 : Number(rdport), line);
      }
    }
  });

  it('explains a kept source, a hashed address, a kept port and a random one', () => {
    const kept = evaluateTable(compiled, tableInput('nat', 'POSTROUTING', udp('10.50.1.7', 41000, '10.50.0.254', 9101)));
    assert.match(
      kept.steps[0]?.explanation ?? '',
      /SNAT to 10\.50\.1\.7 \(the source is already in 10\.50\.1\.1-10\.50\.1\.20: the kernel keeps it\)$/,
    );
    const hashed = evaluateTable(compiled, tableInput('nat', 'POSTROUTING', udp('10.50.1.25', 41001, '10.50.0.254', 9101)));
    assert.match(
      hashed.steps[0]?.explanation ?? '',
      /SNAT to 10\.50\.1\.8 \(10\.50\.1\.8 of 10\.50\.1\.1-10\.50\.1\.20 by the kernel's hash of the source and destination addresses\)$/,
    );
    assert.deepEqual([hashed.nat?.address, hashed.nat?.port], ['10.50.1.8', null]);
    const random = evaluateTable(compiled, tableInput('nat', 'POSTROUTING', udp('10.50.1.7', 41002, '10.50.0.254', 9102)));
    assert.match(
      random.steps[0]?.explanation ?? '',
      /SNAT to 10\.50\.1\.20:30000 \(.*; the kernel picks a random source port in 30000-30010; the trace takes the first\)$/,
    );
    assert.equal(random.nat?.port, 30000);
    const dnat = evaluateTable(compiled, tableInput('nat', 'OUTPUT', udp('10.50.1.7', 41003, '10.50.0.254', 7155)));
    assert.match(dnat.steps[0]?.explanation ?? '', /DNAT to 10\.50\.0\.254:7155 \(destination port 7155 kept: already in 7150-7160\)$/);
    assert.equal(dnat.nat?.port, null);
  });

  it('MASQUERADE --to-ports keeps a source port already in the range (conformance scenario 20)', () => {
    const input = tableInput('nat', 'POSTROUTING', { ...udp('10.1.0.2', 40060, '10.2.0.2', 1005), nexthop: '10.2.0.2' });
    const result = evaluateTable(compiled, input);
    assert.deepEqual([result.packet.src, result.packet.sport], ['192.168.1.10', 40060]);
    assert.match(
      result.steps[0]?.explanation ?? '',
      /MASQUERADE to 192\.168\.1\.10:40060, the source the kernel selects for leaving eth1 toward 10\.2\.0\.2 \(source port 40060 kept: already in 40000-40100\)$/,
    );
    const out = evaluateTable(compiled, tableInput('nat', 'POSTROUTING', udp('10.1.0.2', 42009, '10.2.0.2', 1005)));
    assert.equal(out.packet.sport, 40000);
    assert.match(out.steps[0]?.explanation ?? '', /the kernel picks a random source port in 40000-40100; the trace takes the first/);
  });

  it('--random picks a random port even without a range; the trace keeps the port and says so', () => {
    const result = evaluateTable(compiled, tableInput('nat', 'POSTROUTING', udp('10.1.0.2', 42007, '10.2.0.2', 1004)));
    assert.deepEqual([result.packet.src, result.packet.sport], ['10.2.0.21', 42007]);
    assert.equal(result.nat?.port, null);
    assert.match(
      result.steps[0]?.explanation ?? '',
      /SNAT to 10\.2\.0\.21 \(the kernel picks a random source port in 1024-65535; the trace keeps 42007\) \(--random\)$/,
    );
  });
});
