import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { runGoldens } from '../testing/golden';
import { parseNeighJson } from './index';

runGoldens('neigh-json', parseNeighJson);

test('neigh: an entry without dst', () => {
  const { value, errors } = parseNeighJson('[{"dev":"eth0","state":["STALE"]}]', 'neigh.json');
  assert.deepEqual(value, []);
  assert.deepEqual(
    errors.map((e) => e.message),
    ['[0].dst: missing'],
  );
});
