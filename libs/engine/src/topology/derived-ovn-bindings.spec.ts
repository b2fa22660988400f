import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { describe, it } from 'node:test';
import type { SnapshotFile, SnapshotModel } from '@hookpath/model';
import { parseSnapshot } from '@hookpath/parsers';
import { simulate } from '../simulate';
import type { Trace } from '../trace/trace';

// A kube-ovn snapshot without topology.yaml: a node whose OVS Interface table (ovs-interfaces.json)
// names the logical switch port of each veth end and of ovn0, two pods and a NAT gateway pod in real
// namespaces, and the OVN databases from a private ovn-northd (libs/parsers/fixtures/ovs-interfaces/
// capture.sh, which also runs ovn-trace for the two flows below). Every binding of an OVN port to a
// host interface is derived, and the trace says so.
const SNAPSHOT = join(__dirname, '..', '..', '..', 'parsers', 'fixtures', 'ovs-interfaces', 'snapshot');

function model(): SnapshotModel {
  const files: SnapshotFile[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else files.push({ path: relative(SNAPSHOT, path).split(sep).join('/'), content: readFileSync(path, 'utf8') });
    }
  };
  walk(SNAPSHOT);
  const parsed = parseSnapshot(files);
  assert.deepEqual(parsed.errors, []);
  return parsed.model;
}

const DERIVED = '(derived from ovs-interfaces.json and sbctl-show.txt)';
const ping = (dst: string): Parameters<typeof simulate>[1] => ({
  from: 'app-a',
  packet: { src: '10.16.0.10', dst, proto: 'icmp', icmpId: 7 },
});
const arrivals = (t: Trace): string[] =>
  t.steps.filter((s) => s.kind === 'interface' && s.explanation.includes(' is ')).map((s) => s.explanation);

describe('a trace through OVN bindings derived from ovs-interfaces.json', () => {
  it('app-a -> app-b: enters OVN at app-a.default, ovn-default outputs to app-b.default, which is app-b:eth0 (derived)', () => {
    const t = simulate(model(), ping('10.16.0.11'));
    assert.deepEqual([t.disposition, t.end?.host, t.end?.packet.dst], ['DELIVERED', 'app-b', '10.16.0.11']);
    // ovn-trace: output("app-b.default") on ovn-default alone
    assert.deepEqual([...new Set(t.steps.filter((s) => s.kind === 'ovn').map((s) => s.host))], ['ovn-default']);
    assert.ok(arrivals(t).includes(`app-b.default is app-b:eth0 ${DERIVED}: the frame arrives there`), JSON.stringify(arrivals(t)));
  });

  it("app-a -> the node's ovn0: routed by ovn-cluster to the join switch's node port, which is kube-ovn-worker:ovn0 (derived)", () => {
    const t = simulate(model(), ping('100.64.0.2'));
    assert.deepEqual([t.disposition, t.end?.host], ['DELIVERED', 'kube-ovn-worker']);
    assert.deepEqual([...new Set(t.steps.filter((s) => s.kind === 'ovn').map((s) => s.host))], ['ovn-default', 'ovn-cluster', 'join']);
    // ovn-trace: ip.ttl--; eth.src = 00:00:00:9c:4d:02; eth.dst = 00:00:00:7c:1e:52; output("node-kube-ovn-worker")
    const out = t.steps.filter((s) => s.kind === 'ovn').at(-1);
    assert.deepEqual(
      [out?.iface, out?.packetAfter?.ethSrc, out?.packetAfter?.ethDst, out?.packetAfter?.ttl],
      ['node-kube-ovn-worker', '00:00:00:9c:4d:02', '00:00:00:7c:1e:52', 63],
    );
    assert.ok(
      arrivals(t).includes(`node-kube-ovn-worker is kube-ovn-worker:ovn0 ${DERIVED}: the frame arrives there`),
      JSON.stringify(arrivals(t)),
    );
  });
});
