import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { JOB_NAMES } from '@hookpath/contracts';
import { HANDLERS } from '../handlers';
import type { JobContext } from '../simulation/job-context';
import type { BatchFanOut } from '../simulation/batch-fan-out';
import { HandlerRegistry, MissingHandlerError } from './handler-registry';
import type { AnyJobHandler } from './job-handler';

// Handlers only keep their dependencies in the constructor; names are all the registry reads.
const ctx = {} as JobContext;
const fanOut = {} as BatchFanOut;
const instances = (): AnyJobHandler[] => HANDLERS.map((H) => new H(ctx, fanOut));

describe('HandlerRegistry', () => {
  it('the worker registers a handler for every job name of the contracts', () => {
    const registry = new HandlerRegistry(instances());
    for (const name of JOB_NAMES) assert.equal(registry.get(name)?.name, name);
  });

  it('boot fails, naming the job, when a name has no handler', () => {
    const withoutDiff = instances().filter((h) => h.name !== 'diff');
    assert.throws(
      () => new HandlerRegistry(withoutDiff),
      (error: unknown) => {
        assert.ok(error instanceof MissingHandlerError);
        assert.deepEqual(error.missing, ['diff']);
        assert.match(error.message, /no handler for job name\(s\) "diff"/);
        return true;
      },
    );
  });

  it('refuses two handlers for one name', () => {
    const all = instances();
    assert.throws(() => new HandlerRegistry([...all, all[0] as AnyJobHandler]), /two handlers for job name "trace"/);
  });

  it('an unknown name has no handler', () => {
    assert.equal(new HandlerRegistry(instances()).get('nope'), undefined);
  });
});
