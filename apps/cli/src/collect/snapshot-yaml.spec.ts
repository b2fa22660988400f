import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { parseHostMetaYaml, parseSnapshotMetaYaml, parseTopologyYaml } from '@hookpath/parsers';
import { hostMetaYaml, snapshotYaml, topologyYaml } from './snapshot-yaml';

describe('the YAML files collect writes', () => {
  it('topology.yaml reads back as the same links', () => {
    const links: Parameters<typeof topologyYaml>[0] = [
      [
        { host: 'hpcf-1.a', iface: 'eth0' },
        { host: 'b', iface: 'veth-1@x' },
      ],
    ];
    const parsed = parseTopologyYaml(topologyYaml(links), 'topology.yaml');
    assert.deepEqual(parsed.errors, []);
    assert.deepEqual(parsed.value, { links, segments: [] });
    assert.deepEqual(parseTopologyYaml(topologyYaml([]), 'topology.yaml'), { value: { links: [], segments: [] }, errors: [] });
    const segments = [
      {
        name: 'nodes-192.168.7.0-24',
        members: [
          { host: 'w-1', iface: 'eth0' },
          { host: 'w-2', iface: 'ens5' },
        ],
      },
    ];
    assert.deepEqual(parseTopologyYaml(topologyYaml(links, segments), 'topology.yaml'), { value: { links, segments }, errors: [] });
  });

  it('snapshot.yaml and meta.yaml read back', () => {
    const meta = parseSnapshotMetaYaml(
      snapshotYaml({ name: 'lab: "one"', capturedAt: '2026-11-22T18:00:00.000Z', description: 'x' }),
      'snapshot.yaml',
    );
    assert.deepEqual(meta, { value: { name: 'lab: "one"', capturedAt: '2026-11-22T18:00:00.000Z', description: 'x' }, errors: [] });
    const host = parseHostMetaYaml(hostMetaYaml('gateway', ['legacy rules; too']), 'meta.yaml');
    assert.deepEqual(host, { value: { role: 'gateway', notes: 'legacy rules; too' }, errors: [] });
  });
});
