import { runOvn } from '../ovn-datapath/run-ovn';
import { arrive } from './arrive';
import { originate } from './originate';
import { isOutcome, type Advance, type Position } from '../walk/position';
import type { Outcome, Walk } from '../walk/walk';

/** Hands the packet from host to host until it is delivered, leaves, or is dropped. */
export function runWalk(walk: Walk, start: Position): Outcome {
  let position: Position = start;
  for (;;) {
    let next: Advance;
    switch (position.kind) {
      case 'arrive':
        next = arrive(walk, position);
        break;
      case 'originate':
        next = originate(walk, position);
        break;
      case 'ovn':
        next =
          walk.snapshot.ovn === null
            ? {
                disposition: 'UNKNOWN',
                dropReason: 'the snapshot has no OVN northbound data',
                host: '',
                iface: null,
                packet: position.hop.packet,
              }
            : runOvn(walk, walk.snapshot.ovn, position.hop);
        break;
      default: {
        const unreachable: never = position;
        return unreachable;
      }
    }
    if (isOutcome(next)) return next;
    position = next;
  }
}
