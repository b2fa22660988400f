import { MAX_BATCH_FLOWS, type BranchQuantifier, type Flow, type FlowExpectation, type FlowGeneratorSpec } from '@hookpath/contracts';
import { generateDiffFlows } from '@hookpath/diff';
import { generateFlows } from '@hookpath/engine';
import type { SnapshotModel } from '@hookpath/model';
import { JobInputError } from '../processor/job-input-error';
import { flowFromGenerated } from './flow-trace';

export interface FlowSetRequest {
  flows?: Flow[] | undefined;
  generators?: FlowGeneratorSpec[] | undefined;
  expect?: FlowExpectation | undefined;
  branches?: BranchQuantifier | undefined;
  roundTrip?: boolean | undefined;
}

/**
 * The flows of a batch or diff: the explicit ones first, then each generator's, in order. The
 * request's `expect`, `branches` and `roundTrip` apply to every flow that does not say otherwise.
 */
export function expandFlowSet(model: SnapshotModel, request: FlowSetRequest): Flow[] {
  const flows: Flow[] = [...(request.flows ?? [])];
  for (const generator of request.generators ?? []) {
    for (const g of generateFlows(model, generator.name, generator.outside === undefined ? {} : { outside: generator.outside }))
      flows.push(flowFromGenerated(g));
    if (flows.length > MAX_BATCH_FLOWS) break;
  }
  return withDefaults(flows, request);
}

/**
 * The flow set of a diff: the explicit flows, then the generators' flows over both snapshots
 * (generateDiffFlows: an EIP that exists only after the change still gets its inbound flow).
 */
export function expandDiffFlowSet(base: SnapshotModel, target: SnapshotModel, request: FlowSetRequest): Flow[] {
  const flows: Flow[] = [...(request.flows ?? [])];
  for (const generator of request.generators ?? []) {
    const generated = generateDiffFlows(
      base,
      target,
      [generator.name],
      generator.outside === undefined ? {} : { outside: generator.outside },
    );
    for (const g of generated) flows.push(flowFromGenerated(g));
  }
  return withDefaults(flows, request);
}

function withDefaults(flows: Flow[], request: FlowSetRequest): Flow[] {
  if (flows.length > MAX_BATCH_FLOWS) {
    throw new JobInputError('TOO_MANY_FLOWS', `the flow set has more than ${MAX_BATCH_FLOWS} flows; split it or narrow the generators`);
  }
  return flows.map((flow) => ({
    ...flow,
    ...(flow.expect === undefined && request.expect !== undefined ? { expect: request.expect } : {}),
    ...(flow.branches === undefined && request.branches !== undefined ? { branches: request.branches } : {}),
    ...(flow.roundTrip === undefined && request.roundTrip !== undefined ? { roundTrip: request.roundTrip } : {}),
  }));
}
