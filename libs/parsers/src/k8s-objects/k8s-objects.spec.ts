import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { runGoldens } from '../testing/golden';
import { parseSnapshot } from '../snapshot';
import { parseK8sFiles, parseK8sObjects } from './index';

// Seed files are the examples' k8s/ folders verbatim; the others follow kube-ovn's CRD schemas
// (pkg/apis/kubeovn/v1) and kubectl's List, typed-list and multi-document output.
runGoldens('k8s-objects', parseK8sObjects);

test('k8s-objects: a syntax error names the file, line and column', () => {
  const { value, errors } = parseK8sObjects('kind: Vpc\nmetadata:\n  name: [a\n', 'k8s/vpc.yaml');
  assert.deepEqual(value, []);
  assert.equal(errors.length > 0, true);
  assert.equal(errors[0]?.file, 'k8s/vpc.yaml');
  assert.ok((errors[0]?.line ?? 0) > 0);
  assert.match(errors[0]?.message ?? '', /^invalid YAML/);
});

test('k8s-objects: an item without metadata.name is an error at that item', () => {
  const content = 'kind: List\napiVersion: v1\nitems:\n- apiVersion: v1\n  kind: Pod\n  metadata:\n    namespace: a\n';
  const { value, errors } = parseK8sObjects(content, 'k8s/pods.yaml');
  assert.deepEqual(value, []);
  assert.deepEqual(
    errors.map((e) => [e.line, e.column, e.message, e.text]),
    [[7, 5, 'Pod: missing metadata.name', '    namespace: a']],
  );
});

test('k8s-objects: Secrets are dropped with a warning, in a List too', () => {
  const content =
    'apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: Secret\n  metadata: {name: s, namespace: n}\n  data: {k: dg==}\n';
  const result = parseK8sObjects(content, 'k8s/s.yaml');
  assert.deepEqual(result.value, []);
  assert.deepEqual(result.errors, []);
  assert.deepEqual(
    result.warnings.map((w) => [w.line, w.message]),
    [[4, 'Secret n/s: Secrets are never stored; dropped']],
  );
});

test('k8s-objects: the same object in two files is kept once', () => {
  const vpc = 'apiVersion: kubeovn.io/v1\nkind: Vpc\nmetadata:\n  name: v1\n';
  const result = parseK8sFiles([
    { path: 'k8s/b.yaml', content: vpc },
    { path: 'k8s/a.yaml', content: vpc },
  ]);
  assert.deepEqual(
    result.value.map((o) => o.file),
    ['k8s/a.yaml'],
  );
  assert.deepEqual(
    result.warnings.map((w) => [w.file, w.message]),
    [['k8s/b.yaml', 'Vpc v1 is also in k8s/a.yaml (line 1); that one is kept']],
  );
});

test('k8s-objects: parseSnapshot reads k8s/ into model.kube and keeps other k8s/ files raw', () => {
  const { model, errors } = parseSnapshot([
    { path: 'k8s/vpc.yaml', content: 'apiVersion: kubeovn.io/v1\nkind: Vpc\nmetadata:\n  name: v1\n' },
    { path: 'k8s/notes.txt', content: 'captured by hand\n' },
  ]);
  assert.deepEqual(errors, []);
  assert.deepEqual(
    model.kube?.map((o) => `${o.kind}/${o.metadata.name}`),
    ['Vpc/v1'],
  );
  assert.deepEqual(model.rawOnly, ['k8s/notes.txt']);
  assert.equal(parseSnapshot([]).model.kube, undefined);
});
