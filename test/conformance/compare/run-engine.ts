import { readSnapshotDirectory } from '@hookpath/snapshot-io';
import { parseSnapshot } from '@hookpath/parsers';
import { simulate, type Trace } from '@hookpath/engine';
import type { EngineRequest } from '../observe/observed';

/** Reads a captured snapshot the way the CLI does; any parse error is a collector or parser bug. */
export async function loadSnapshot(dir: string): Promise<ReturnType<typeof parseSnapshot>['model']> {
  const { model, errors } = parseSnapshot(await readSnapshotDirectory(dir));
  if (errors.length > 0)
    throw new Error(`${dir} does not parse:\n${errors.map((e) => `  ${e.file}:${e.line}:${e.column}: ${e.message}`).join('\n')}`);
  return model;
}

/** The engine's answer to the request the scenario recorded. */
export function runEngine(model: ReturnType<typeof parseSnapshot>['model'], request: EngineRequest): Trace {
  return simulate(model, { from: request.from, packet: request.packet }, { roundTrip: request.roundTrip, ...(request.options ?? {}) });
}
