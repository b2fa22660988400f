import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { runGoldens } from '../testing/golden';
import { parseOvsInterfacesJson } from './index';

// Real output of `ovs-vsctl -f json list Interface` (fixtures/ovs-interfaces/capture.sh).
runGoldens('ovs-interfaces', parseOvsInterfacesJson);

test('ovs-interfaces: an empty file is an empty table', () => {
  assert.deepEqual(parseOvsInterfacesJson('', 'hosts/n/ovs-interfaces.json'), { value: [], errors: [] });
});

test('ovs-interfaces: --columns output, with ofport and an error', () => {
  const content = [
    '{"data":[["veth1_h",["map",[["iface-id","p.ns"]]],7,""],',
    ' ["tap0",["map",[]],-1,"system"]],"headings":["name","external_ids","ofport","type"]}',
  ].join('\n');
  const { value, errors } = parseOvsInterfacesJson(content, 'f.json');
  assert.deepEqual(errors, []);
  assert.deepEqual(
    value.map((i) => [i.name, i.externalIds, i.ofport, i.type, i.macInUse, i.status]),
    [
      ['veth1_h', { 'iface-id': 'p.ns' }, 7, '', null, {}],
      ['tap0', {}, -1, 'system', null, {}],
    ],
  );
});

test('ovs-interfaces: a bad cell is reported at its line and column', () => {
  const content = '{"data":[["a",["map",[]]],\n ["b",["map",[["k"]]]]],"headings":["name","external_ids"]}\n';
  const { value, errors } = parseOvsInterfacesJson(content, 'f.json');
  assert.deepEqual(
    value.map((i) => i.name),
    ['a'],
  );
  assert.deepEqual(
    errors.map((e) => [e.line, e.column, e.message]),
    [[2, 7, 'row 2, external_ids: not a [key, value] pair of atoms in a map: ["k"]']],
  );
});

test('ovs-interfaces: a row of the wrong length, and a table without names', () => {
  const short = parseOvsInterfacesJson('{"data":[["a"],["b",1]],"headings":["name","ofport"]}', 'f.json');
  assert.deepEqual(
    short.errors.map((e) => [e.line, e.column, e.message]),
    [[1, 10, 'row 1: expected an array of 2 values, one per heading']],
  );
  assert.deepEqual(
    short.value.map((i) => [i.name, i.ofport]),
    [['b', 1]],
  );
  const nameless = parseOvsInterfacesJson('{"data":[],"headings":["ofport"]}', 'f.json');
  assert.deepEqual(
    nameless.errors.map((e) => [e.line, e.column, e.message]),
    [[1, 23, 'the Interface table needs its "name" column']],
  );
});

test('ovs-interfaces: JSON that does not parse', () => {
  const { errors } = parseOvsInterfacesJson('{"data":[["a"]],"headings":["name"]\n', 'f.json');
  assert.equal(errors.length, 1);
  assert.equal(errors[0]?.file, 'f.json');
  assert.match(errors[0]?.message ?? '', /^invalid JSON/);
  assert.equal(errors[0]?.line, 2);
});
