import { strict as assert } from 'node:assert';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { test } from 'node:test';
import type { ParseResult } from '@hookpath/model';

/** Root of the golden fixtures: `libs/parsers/fixtures/<command>/<case>.out` + `<case>.json`. */
export const FIXTURES_ROOT = resolve(__dirname, '../../fixtures');

/**
 * Registers one test per `<case>.out` in `fixtures/<command>/`: the parser's result (value and
 * errors) must equal `<case>.json`. `UPDATE_GOLDEN=1` rewrites the JSON files; review the diff.
 */
export function runGoldens<T>(command: string, parse: (content: string, file: string) => ParseResult<T>): void {
  const dir = join(FIXTURES_ROOT, command);
  const cases = readdirSync(dir)
    .filter((f) => f.endsWith('.out'))
    .sort();
  test(`${command}: has golden fixtures`, () => {
    assert.ok(cases.length > 0, `no fixtures in ${dir}`);
  });
  for (const file of cases) {
    const name = file.slice(0, -'.out'.length);
    test(`${command}: ${name}`, () => {
      const content = readFileSync(join(dir, file), 'utf8');
      const actual = JSON.parse(JSON.stringify(parse(content, `${command}/${file}`))) as unknown;
      const expectedPath = join(dir, `${name}.json`);
      if (process.env.UPDATE_GOLDEN === '1') {
        writeFileSync(expectedPath, `${JSON.stringify(actual, null, 2)}\n`);
        return;
      }
      assert.ok(existsSync(expectedPath), `missing golden ${expectedPath} (run with UPDATE_GOLDEN=1 and review it)`);
      const expected = JSON.parse(readFileSync(expectedPath, 'utf8')) as unknown;
      assert.deepStrictEqual(actual, expected);
    });
  }
}
