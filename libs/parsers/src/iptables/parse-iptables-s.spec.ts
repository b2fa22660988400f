import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { describe, test } from 'node:test';
import { IPTABLES_TABLE_NAMES, type IptablesTableName } from '@hookpath/model';
import { FIXTURES_ROOT, runGoldens } from '../testing/golden';
import { parseIptablesS } from './parse-iptables-s';
import { parseIptablesSave } from './parse-iptables-save';
import { printRule } from './rule-text.testing';

/** iptables -S does not print its table: fixture names start with it (`nat-seed000-verbatim.out`). */
function tableOf(file: string): IptablesTableName {
  const prefix = basename(file).split('-')[0] ?? '';
  const table = IPTABLES_TABLE_NAMES.find((t) => t === prefix);
  if (table === undefined) throw new Error(`fixture ${file} does not start with a table name`);
  return table;
}

runGoldens('iptables-S', (content, file) => parseIptablesS(content, file, tableOf(file)));

const dir = join(FIXTURES_ROOT, 'iptables-S');

describe('iptables -S fixtures', () => {
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.out') && !f.includes('-error-'))) {
    test(`${file}: every rule prints back to its own text`, () => {
      const { value, errors } = parseIptablesS(readFileSync(join(dir, file), 'utf8'), file, tableOf(file));
      assert.deepStrictEqual(errors, []);
      for (const chain of value.chains) {
        chain.rules.forEach((rule, i) => {
          assert.equal(rule.position, i + 1);
          assert.equal(printRule(chain.name, rule), rule.text);
        });
      }
    });
  }

  test('-S, -S -v and iptables-save of the same rules give the same model', () => {
    const save = parseIptablesSave(readFileSync(join(FIXTURES_ROOT, 'iptables-save', 'rich-nft-counters.out'), 'utf8'), 's');
    for (const table of IPTABLES_TABLE_NAMES) {
      const fromSave = save.value.tables.find((t) => t.name === table);
      const plain = parseIptablesS(readFileSync(join(dir, `${table}-rich-nft.out`), 'utf8'), 'p', table).value;
      const verbose = parseIptablesS(readFileSync(join(dir, `${table}-rich-nft-counters.out`), 'utf8'), 'v', table).value;
      const shape = (chains: NonNullable<typeof fromSave>['chains'], counters: boolean): unknown =>
        chains.map((c) => ({
          name: c.name,
          builtin: c.builtin,
          policy: c.policy,
          counters: counters && c.builtin ? c.counters : undefined,
          rules: c.rules.map((r) => ({ ...r, line: 0, counters: counters ? r.counters : undefined })),
        }));
      const sorted = [...(fromSave?.chains ?? [])].sort((a, b) => Number(b.builtin) - Number(a.builtin));
      assert.deepStrictEqual(shape(plain.chains, false), shape(sorted, false), table);
      assert.deepStrictEqual(shape(verbose.chains, true), shape(sorted, true), table);
    }
  });
});

describe('parseIptablesS', () => {
  test('policies, user chains and rules', () => {
    const { value, errors } = parseIptablesS(
      '-P INPUT DROP -c 10 20\n-N KUBE-FIREWALL\n-A INPUT -p tcp -m tcp --dport 22 -c 7 700 -j KUBE-FIREWALL\n-A KUBE-FIREWALL -c 0 0\n',
      'iptables-filter.txt',
      'filter',
    );
    assert.deepStrictEqual(errors, []);
    assert.deepStrictEqual(
      value.chains.map((c) => [c.name, c.builtin, c.policy, c.counters]),
      [
        ['INPUT', true, 'DROP', { packets: 10, bytes: 20 }],
        ['KUBE-FIREWALL', false, null, undefined],
      ],
    );
    const [input, firewall] = value.chains;
    assert.equal(input?.rules[0]?.text, '-A INPUT -p tcp -m tcp --dport 22 -j KUBE-FIREWALL');
    assert.deepStrictEqual(input?.rules[0]?.counters, { packets: 7, bytes: 700 });
    assert.equal(input?.rules[0]?.line, 3);
    assert.equal(firewall?.rules[0]?.text, '-A KUBE-FIREWALL');
    assert.equal(firewall?.rules[0]?.target, null);
  });

  test('errors carry the line and column of the offending token', () => {
    const { errors } = parseIptablesS(
      [
        '# Warning: iptables-legacy tables present, use iptables-legacy to see them',
        '-P FORWARD ACCEPT',
        '-P PREROUTING RETURN',
        '-N INPUT',
        '-A SNAT_FILTER -j SHARED_SNAT',
        'Chain INPUT (policy ACCEPT)',
        '-A INPUT -m comment --comment "x -j ACCEPT',
        '-P INPUT ACCEPT -c 1',
      ].join('\n'),
      'f',
      'nat',
    );
    assert.deepStrictEqual(
      errors.map((e) => [e.line, e.column, e.message]),
      [
        [2, 4, 'FORWARD is not a built-in chain of table nat: only built-in chains have a policy'],
        [3, 15, 'invalid policy "RETURN" (ACCEPT or DROP)'],
        [4, 4, 'INPUT is a built-in chain of table nat: it cannot be created with -N'],
        [5, 4, 'chain SNAT_FILTER is not declared in table nat before this rule (":SNAT_FILTER - [0:0]" or "-N SNAT_FILTER")'],
        [6, 1, 'not a -P, -N or -A line of iptables -S'],
        [7, 31, 'unterminated double quote'],
        [8, 1, '"-P CHAIN POLICY" (optionally followed by "-c PACKETS BYTES")'],
      ],
    );
  });
});
