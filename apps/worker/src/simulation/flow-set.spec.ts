import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { MAX_BATCH_FLOWS } from '@hookpath/contracts';
import { parseSnapshot } from '@hookpath/parsers';
import { readSnapshotDirectory } from '@hookpath/snapshot-io';
import type { SnapshotModel } from '@hookpath/model';
import { JobInputError } from '../processor/job-input-error';
import { expandDiffFlowSet, expandFlowSet } from './flow-set';

const EXAMPLES = join(__dirname, '..', '..', '..', '..', 'examples');
const load = async (name: string): Promise<SnapshotModel> => parseSnapshot(await readSnapshotDirectory(join(EXAMPLES, name))).model;
const PING = { from: 'vm-13-13-0-4', src: '13.13.0.4', dst: '192.169.100.1', icmpId: 1 };

describe('flow sets', () => {
  it('explicit flows first, then generated ones; the request-wide expect and roundTrip fill in what a flow leaves out', async () => {
    const model = await load('000-vpc-nat-gw-eip');
    const flows = expandFlowSet(model, {
      flows: [{ ...PING, expect: 'DROPPED' }],
      generators: [{ name: 'outside-to-exposed' }],
      expect: 'DELIVERED',
      roundTrip: true,
    });
    assert.deepEqual(
      flows.map((f) => [f.from, f.dst, f.expect, f.roundTrip]),
      [
        ['vm-13-13-0-4', '192.169.100.1', 'DROPPED', true],
        ['external-gw', '192.169.100.2', 'DELIVERED', true],
      ],
    );
    assert.match(flows[1]?.label ?? '', /192\.169\.100\.2/);
  });

  it('the request-wide branches quantifier fills in flows that do not say, generated ones included', async () => {
    const model = await load('000-vpc-nat-gw-eip');
    const flows = expandFlowSet(model, {
      flows: [{ ...PING, expect: 'DROPPED', branches: 'all' }, PING],
      generators: [{ name: 'outside-to-exposed' }],
      expect: 'DELIVERED',
      branches: 'any',
    });
    assert.deepEqual(
      flows.map((f) => [f.dst, f.expect, f.branches]),
      [
        ['192.169.100.1', 'DROPPED', 'all'],
        ['192.169.100.1', 'DELIVERED', 'any'],
        ['192.169.100.2', 'DELIVERED', 'any'],
      ],
    );
    assert.deepEqual(
      expandFlowSet(model, { flows: [PING] }).map((f) => f.branches),
      [undefined],
    );
  });

  it('a diff generates over both snapshots: the EIP of the after snapshot is in the set', async () => {
    const flows = expandDiffFlowSet(await load('000-vpc-nat-gw-eip-before'), await load('000-vpc-nat-gw-eip'), {
      generators: [{ name: 'outside-to-exposed' }, { name: 'pods-to-outside' }],
    });
    assert.deepEqual(
      flows.map((f) => [f.from, f.dst]),
      [
        ['external-gw', '192.169.100.2'],
        ['vm-13-13-0-4', '192.169.100.1'],
      ],
    );
  });

  it('more than the limit is refused as bad input', async () => {
    const model = await load('000-vpc-nat-gw-eip');
    const many = Array.from({ length: MAX_BATCH_FLOWS }, (_, i) => ({ ...PING, icmpId: i % 65536 }));
    assert.throws(
      () => expandFlowSet(model, { flows: many, generators: [{ name: 'pods-to-outside' }] }),
      (e: unknown) => e instanceof JobInputError && e.code === 'TOO_MANY_FLOWS',
    );
  });
});
