import { JOB_NAMES, type JobName } from '@hookpath/contracts';
import type { AnyJobHandler } from './job-handler';

export class MissingHandlerError extends Error {
  constructor(readonly missing: string[]) {
    super(
      `no handler for job name(s) ${missing.map((m) => JSON.stringify(m)).join(', ')}: every name in JOB_NAMES (libs/contracts) needs one`,
    );
    this.name = 'MissingHandlerError';
  }
}

/**
 * Handlers by job name. Built at boot: a name without a handler (or with two) stops the worker
 * before it takes any job.
 */
export class HandlerRegistry {
  private readonly byName = new Map<JobName, AnyJobHandler>();

  constructor(handlers: readonly AnyJobHandler[], names: readonly JobName[] = JOB_NAMES) {
    for (const handler of handlers) {
      if (this.byName.has(handler.name)) throw new Error(`two handlers for job name "${handler.name}"`);
      this.byName.set(handler.name, handler);
    }
    const missing = names.filter((name) => !this.byName.has(name));
    if (missing.length > 0) throw new MissingHandlerError(missing);
  }

  get(name: string): AnyJobHandler | undefined {
    return this.byName.get(name as JobName);
  }
}
