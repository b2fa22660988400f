import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { loadExample, modelFromText } from '../testing/models';
import { structuralDiff } from './structural-diff';

describe('structural diff: sysctls', () => {
  it('example 003: the only difference between the broken and the fixed node is bridge-nf-call-iptables', () => {
    const d = structuralDiff(loadExample('003-br-netfilter'), loadExample('003-br-netfilter-fixed'));
    assert.deepEqual(d.changes, [
      { kind: 'sysctl.changed', place: { host: 'node-1', key: 'net.bridge.bridge-nf-call-iptables' }, before: '0', after: '1' },
    ]);
  });

  it('keys added and removed', () => {
    const d = structuralDiff(
      modelFromText({ h: { 'sysctl.txt': 'net.ipv4.ip_forward = 1\nnet.ipv4.conf.all.rp_filter = 1\n' } }),
      modelFromText({ h: { 'sysctl.txt': 'net.ipv4.ip_forward = 1\nnet.ipv4.conf.eth0.rp_filter = 2\n' } }),
    );
    assert.deepEqual(
      d.changes.map((c) => [c.kind, c.place.key]),
      [
        ['sysctl.removed', 'net.ipv4.conf.all.rp_filter'],
        ['sysctl.added', 'net.ipv4.conf.eth0.rp_filter'],
      ],
    );
  });
});

const ENTRY =
  'icmp     1 29 src=13.13.0.4 dst=192.169.100.1 type=8 code=0 id=27281 [UNREPLIED] src=192.169.100.1 dst=13.13.0.4 type=0 code=0 id=27281 mark=0 use=1';
const NATED =
  'icmp     1 29 src=13.13.0.4 dst=192.169.100.1 type=8 code=0 id=27281 src=192.169.100.1 dst=192.169.100.2 type=0 code=0 id=27281 mark=0 use=1';
const ct = (...lines: string[]) => modelFromText({ gw: { 'conntrack.txt': `${lines.join('\n')}\n` } });

describe('structural diff: conntrack', () => {
  it('entries by original tuple: a new NAT binding (reply tuple) is a change, a timeout is not', () => {
    assert.deepEqual(structuralDiff(ct(ENTRY), ct(ENTRY.replace(' 29 ', ' 3 '))).changes, []);
    const d = structuralDiff(ct(ENTRY), ct(NATED, ENTRY.replace(/id=27281/g, 'id=4242')));
    assert.deepEqual(
      d.changes.map((c) => [c.kind, c.place.key]),
      [
        ['conntrack.changed', 'icmp src=13.13.0.4 dst=192.169.100.1 type=8 code=0 id=27281'],
        ['conntrack.added', 'icmp src=13.13.0.4 dst=192.169.100.1 type=8 code=0 id=4242'],
      ],
    );
    assert.deepEqual([d.changes[0].before, d.changes[0].after], [ENTRY, NATED]);
  });
});

describe('structural diff: IPVS', () => {
  it('example 004 with a real server drained and a service added', () => {
    const base = loadExample('004-eni-ipvs-rp-filter');
    const target = structuredClone(base);
    const node = target.hosts.find((h) => h.name === 'node-10-12-97-49');
    const service = node?.ipvs?.[0];
    assert.ok(node?.ipvs !== undefined && node.ipvs !== null && service !== undefined);
    service.realServers[2].weight = 0;
    node.ipvs.push({ ...service, port: 8080, realServers: [] });
    const d = structuralDiff(base, target);
    assert.deepEqual(
      d.changes.map((c) => [c.kind, c.place.key, c.before ?? null, c.after ?? null]),
      [
        [
          'ipvs.real-server.changed',
          'TCP 10.12.115.101:80 -> 10.253.4.194:8000',
          '-> 10.253.4.194:8000 masq weight 1',
          '-> 10.253.4.194:8000 masq weight 0',
        ],
        ['ipvs.service.added', 'TCP 10.12.115.101:8080', null, 'TCP 10.12.115.101:8080 rr'],
      ],
    );
  });
});
