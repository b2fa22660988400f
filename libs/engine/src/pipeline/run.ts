import { arrive } from './arrive';
import { originate } from './originate';
import { isOutcome, type Position } from './position';
import type { Outcome, Walk } from './walk';

/** Hands the packet from host to host until it is delivered, leaves, or is dropped. */
export function runWalk(walk: Walk, start: Position): Outcome {
  let position: Position = start;
  for (;;) {
    const next = position.kind === 'arrive' ? arrive(walk, position) : originate(walk, position);
    if (isOutcome(next)) return next;
    position = next;
  }
}
