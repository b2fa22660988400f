import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { runGoldens } from '../testing/golden';
import { parseHostMetaYaml, parseSnapshotMetaYaml, parseTopologyYaml } from './index';

// These files are written by people, not printed by a command: the fixtures follow
// SNAPSHOT-LAYOUT.md (layout-example.out is its example verbatim) and the seed scenarios.
runGoldens('topology-yaml', parseTopologyYaml);
runGoldens('host-meta-yaml', parseHostMetaYaml);
runGoldens('snapshot-meta-yaml', parseSnapshotMetaYaml);

test('yaml-files: RFC 3339 variants', () => {
  for (const capturedAt of ['2024-02-29T23:59:60Z', '2024-05-01 10:00:00.123-05:30', '2024-05-01t10:00:00z']) {
    assert.deepEqual(parseSnapshotMetaYaml(`capturedAt: "${capturedAt}"\n`, 'snapshot.yaml').errors, [], capturedAt);
  }
  for (const capturedAt of ['2023-02-29T10:00:00Z', '2024-05-01T10:00:00', '2024-05-01', '2024-05-01T24:00:00Z']) {
    assert.equal(parseSnapshotMetaYaml(`capturedAt: "${capturedAt}"\n`, 'snapshot.yaml').errors.length, 1, capturedAt);
  }
});

test('yaml-files: a document that is not a mapping', () => {
  const { value, errors } = parseHostMetaYaml('- pod\n', 'hosts/a/meta.yaml');
  assert.deepEqual(value, {});
  assert.deepEqual(
    errors.map((e) => [e.line, e.column, e.message]),
    [[1, 1, 'expected a mapping with role, node and notes']],
  );
});
