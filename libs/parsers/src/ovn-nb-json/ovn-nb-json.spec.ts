import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { parseOvnNbctlList } from '../ovn-nbctl-list';
import { FIXTURES_ROOT, runGoldens } from '../testing/golden';
import { parseOvnNbJson } from './index';

// Fixtures: `ovsdb-client -f json dump` (OVN 23.03) of the northbound database built by
// ../../fixtures/ovn-nb-json/capture.sh (full.out; pretty-policies.out is one table with --pretty);
// error-damaged.out holds captured tables damaged on purpose.
runGoldens('ovn-nb-json', parseOvnNbJson);

const fixture = (dir: string, name: string): string => readFileSync(join(FIXTURES_ROOT, dir, name), 'utf8');

test('ovn nb.json: --pretty and compact dumps give the same rows', () => {
  const pretty = parseOvnNbJson(fixture('ovn-nb-json', 'pretty-policies.out'), 'nb.json');
  const compact = parseOvnNbJson(fixture('ovn-nb-json', 'full.out'), 'nb.json');
  assert.deepEqual(pretty.errors, []);
  const columns = (t: (typeof pretty.value)[number] | undefined) => t?.rows.map((r) => r.columns);
  assert.deepEqual(columns(pretty.value[0]), columns(compact.value.find((t) => t.table === 'Logical_Router_Policy')));
  assert.deepEqual(pretty.value[0]?.rows.map((r) => [r.line, r.column]).slice(0, 2), [
    [4, 5],
    [26, 5],
  ]);
});

test('ovn nb.json: every table holds the rows `ovn-nbctl list` prints, value for value', () => {
  const dump = parseOvnNbJson(fixture('ovn-nb-json', 'full.out'), 'nb.json');
  for (const table of ['Logical_Switch_Port', 'NAT', 'ACL', 'Load_Balancer', 'Logical_Router_Static_Route']) {
    const list = parseOvnNbctlList(fixture('ovn-nbctl-list', `full-${table}.out`), table);
    const json = dump.value.find((t) => t.table === table);
    // A one-element set is `[x]` in list output and the bare atom in JSON; compare as item lists.
    const flat = (columns: Record<string, { kind: string; items?: string[]; value?: string; entries?: Record<string, string> }>) =>
      Object.fromEntries(
        Object.entries(columns).map(([k, v]) => [k, v.kind === 'map' ? v.entries : v.kind === 'set' ? v.items : [v.value]]),
      );
    const byUuid = (rows: { columns: Record<string, never> }[]) =>
      rows.map((r) => flat(r.columns)).sort((a, b) => String(a._uuid).localeCompare(String(b._uuid)));
    assert.deepEqual(byUuid(json?.rows as never), byUuid(list.value as never), table);
  }
});

test('ovn nb.json: invalid JSON is reported at its line and column', () => {
  const result = parseOvnNbJson('{"caption":"ACL table","data":[],"headings":[]}\n{"caption":"NAT table",\n "data":[,]}\n', 'ovn/nb.json');
  assert.deepEqual(
    result.value.map((t) => t.table),
    ['ACL'],
  );
  assert.deepEqual(
    result.errors.map((e) => [e.file, e.line, e.column, e.text]),
    [['ovn/nb.json', 3, 10, ' "data":[,]}']],
  );
  assert.match(result.errors[0]?.message ?? '', /^invalid JSON/);
});
