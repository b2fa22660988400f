import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import type { IpvsRealServer, IpvsService } from '@hookpath/model';
import { hash32, realServerName, schedule, scheduleDefault, schedulerBranches, shBuckets } from './scheduler';

/**
 * This kernel has no IPVS: each case encodes the scheduler source it names
 * (net/netfilter/ipvs/ip_vs_<name>.c in torvalds/linux), not an observation.
 */
const rs = (address: string, weight: number, active = 0, inactive = 0): IpvsRealServer => ({
  address,
  port: 8000,
  forward: 'masq',
  weight,
  activeConns: active,
  inactiveConns: inactive,
});
const svc = (scheduler: string, realServers: IpvsRealServer[], flags: string[] = []): IpvsService => ({
  protocol: 'tcp',
  address: '10.96.0.10',
  port: 80,
  scheduler,
  flags,
  realServers,
  line: 4,
});
const pick = (s: IpvsService, src = '10.0.0.5'): string | null => {
  const chosen = scheduleDefault(s, src, s.address ?? '', 40000).chosen;
  return chosen === null ? null : realServerName(chosen);
};

describe('IPVS schedulers (net/netfilter/ipvs/ip_vs_*.c)', () => {
  it('ip_vs_rr.c ip_vs_rr_schedule: from the list head, the first server with weight > 0', () => {
    assert.equal(pick(svc('rr', [rs('10.1.0.1', 0), rs('10.1.0.2', 1), rs('10.1.0.3', 1)])), '10.1.0.2:8000');
  });

  it('ip_vs_wrr.c ip_vs_wrr_schedule: the current weight starts at the maximum, so the first server with the highest weight', () => {
    assert.equal(pick(svc('wrr', [rs('10.1.0.1', 1), rs('10.1.0.2', 3), rs('10.1.0.3', 3)])), '10.1.0.2:8000');
  });

  it('branches where ipvsadm -Ln does not show the position: rr equally, wrr by weight, weight-0 servers never; lc and sh follow from the snapshot', () => {
    const servers = [rs('10.1.0.1', 3), rs('10.1.0.2', 0), rs('10.1.0.3', 1)];
    const shape = (s: IpvsService): [string[], number[]] | null => {
      const b = schedulerBranches(s);
      return b === null ? null : [b.servers.map(realServerName), b.weights];
    };
    assert.deepEqual(shape(svc('rr', servers)), [
      ['10.1.0.1:8000', '10.1.0.3:8000'],
      [1, 1],
    ]);
    assert.deepEqual(shape(svc('wrr', servers)), [
      ['10.1.0.1:8000', '10.1.0.3:8000'],
      [3, 1],
    ]);
    assert.equal(shape(svc('lc', servers)), null);
    assert.equal(shape(svc('sh', servers)), null);
    assert.equal(shape(svc('rr', [rs('10.1.0.1', 1), rs('10.1.0.2', 0)])), null, 'one available server is no choice');
    const third = schedule(svc('wrr', servers), '10.0.0.5', '10.96.0.10', 40000, null, {
      host: 'n',
      service: 'TCP 10.96.0.10:80',
      decide: () => 1,
    });
    assert.equal(third.chosen === null ? null : realServerName(third.chosen), '10.1.0.3:8000');
  });

  it('ip_vs_lc.c ip_vs_lc_schedule: least ip_vs_dest_conn_overhead (active × 256 + inactive), weight-0 servers skipped', () => {
    assert.equal(pick(svc('lc', [rs('10.1.0.1', 1, 1, 0), rs('10.1.0.2', 1, 0, 200), rs('10.1.0.3', 0, 0, 0)])), '10.1.0.2:8000');
  });

  it('ip_vs_wlc.c ip_vs_wlc_schedule: least overhead / weight, the first on a tie', () => {
    assert.equal(pick(svc('wlc', [rs('10.1.0.1', 1, 1, 0), rs('10.1.0.2', 4, 2, 0), rs('10.1.0.3', 2, 1, 0)])), '10.1.0.2:8000');
    assert.equal(pick(svc('wlc', [rs('10.1.0.1', 1), rs('10.1.0.2', 1)])), '10.1.0.1:8000');
  });

  it('ip_vs_sed.c and ip_vs_nq.c: (active + 1) / weight; nq takes an idle server first', () => {
    assert.equal(pick(svc('sed', [rs('10.1.0.1', 1, 0), rs('10.1.0.2', 3, 1)])), '10.1.0.2:8000');
    assert.equal(pick(svc('nq', [rs('10.1.0.1', 3, 1), rs('10.1.0.2', 1, 0)])), '10.1.0.2:8000');
  });

  it('ip_vs_fo.c ip_vs_fo_schedule: the highest weight, the first on a tie', () => {
    assert.equal(pick(svc('fo', [rs('10.1.0.1', 1), rs('10.1.0.2', 5), rs('10.1.0.3', 5)])), '10.1.0.2:8000');
  });

  it('ip_vs_sh.c ip_vs_sh_reassign: buckets filled in list order, weight consecutive buckets per server', () => {
    const b = shBuckets([rs('10.1.0.1', 2), rs('10.1.0.2', 1), rs('10.1.0.3', 0)]);
    assert.equal(b.length, 256);
    assert.deepEqual(
      b.slice(0, 6).map((x) => x.address),
      ['10.1.0.1', '10.1.0.1', '10.1.0.2', '10.1.0.3', '10.1.0.1', '10.1.0.1'],
    );
  });

  it('ip_vs_sh.c ip_vs_sh_hashkey: hash_32(ntohl(saddr) + port, 8) picks the bucket; the same client always lands on the same server', () => {
    // hash_32 (include/linux/hash.h): (val * 0x61C88647) >> (32 - bits), worked by hand:
    // 1 -> 0x61; 10.0.0.5 = 0x0A000005 -> (0x0A000005 * 0x61C88647) mod 2^32 = 0xAEEA9F63 -> bucket 0xAE = 174.
    assert.equal(hash32(1, 8), 0x61);
    assert.equal(hash32(0x0a000005, 8), 174);
    // three servers of weight 1 fill the buckets in turn: bucket 174 is the first server's (174 mod 3 = 0)
    const s = svc('sh', [rs('10.1.0.1', 1), rs('10.1.0.2', 1), rs('10.1.0.3', 1)]);
    assert.equal(pick(s, '10.0.0.5'), '10.1.0.1:8000');
    assert.equal(pick(s, '10.0.0.5'), pick(s, '10.0.0.5'));
    assert.match(scheduleDefault(s, '10.0.0.5', '10.96.0.10', 1).why, /^sh: bucket 174 of 256 \(hash of the source 10\.0\.0\.5\)/);
  });

  it('ip_vs_sh.c: a bucket holding a weight-0 server gives no destination unless sh-fallback', () => {
    // weights 0, 0, 1: ip_vs_sh_reassign moves on after each (++d_count >= weight), so bucket i is
    // server i mod 3's and the client's bucket 174 is 10.1.0.1's, whose weight is 0
    const servers = [rs('10.1.0.1', 0), rs('10.1.0.2', 0), rs('10.1.0.3', 1)];
    assert.equal(shBuckets(servers)[174]?.address, '10.1.0.1');
    assert.equal(pick(svc('sh', servers)), null);
    // ip_vs_sh_get_fallback walks the table from the bucket to the first available server
    assert.equal(pick(svc('sh', servers, ['sh-fallback'])), '10.1.0.3:8000');
  });

  it('ip_vs_dh.c ip_vs_dh_hashkey: (ntohl(daddr) * 2654435761) & 255, one server per bucket in list order', () => {
    // 10.96.0.10 = 0x0A60000A; (0x0A60000A * 2654435761) mod 2^32 ends in 0xEA: bucket 234, even, the first of two servers
    assert.equal(pick(svc('dh', [rs('10.1.0.1', 1), rs('10.1.0.2', 1)])), '10.1.0.1:8000');
    assert.equal(pick(svc('dh', [rs('10.1.0.2', 1), rs('10.1.0.1', 1)])), '10.1.0.2:8000');
  });

  it('mh (ip_vs_mh.c, a Maglev table of hashed servers) is not computed: the first available server, said so', () => {
    const r = scheduleDefault(svc('mh', [rs('10.1.0.1', 0), rs('10.1.0.2', 1)]), '10.0.0.5', '10.96.0.10', 1);
    assert.equal(r.chosen?.address, '10.1.0.2');
    assert.match(r.why, /Maglev/);
  });

  it('no server with weight > 0: no destination (ip_vs_scheduler_err)', () => {
    assert.equal(pick(svc('rr', [rs('10.1.0.1', 0)])), null);
  });

  it('--backend picks any listed real server; an unknown one leaves the scheduler choice', () => {
    const s = svc('rr', [rs('10.1.0.1', 1), rs('10.1.0.2', 1), rs('10.1.0.3', 0)]);
    assert.equal(schedule(s, '10.0.0.5', '10.96.0.10', 1, '10.1.0.2:8000').chosen?.address, '10.1.0.2');
    assert.match(schedule(s, '10.0.0.5', '10.96.0.10', 1, '10.1.0.3:8000').note, /weight is 0/);
    const unknown = schedule(s, '10.0.0.5', '10.96.0.10', 1, '10.9.9.9:80');
    assert.equal(unknown.chosen?.address, '10.1.0.1');
    assert.match(unknown.note, /not a real server of this service/);
    assert.equal(schedule(s, '10.0.0.5', '10.96.0.10', 1, null).note, ' (use --backend to pick another)');
  });
});
