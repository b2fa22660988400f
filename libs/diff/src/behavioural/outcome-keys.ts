import type { FlowOutcome } from './flow';

/** The fate of one direction: `DROPPED/NO_NEIGHBOR`, `none` without one. */
export const fate = (o: FlowOutcome | undefined): string => (o === undefined ? 'none' : `${o.disposition}/${o.dropReason ?? ''}`);

/** The header one direction ended with. */
export const header = (o: FlowOutcome | undefined): string =>
  o === undefined ? 'none' : `${o.src ?? ''}:${o.sport ?? ''}>${o.dst ?? ''}:${o.dport ?? ''}`;

/** Where one direction went: its path signature and end point. */
export const route = (o: FlowOutcome | undefined): string =>
  o === undefined ? 'none' : `${o.path}|${o.endHost ?? ''}|${o.endIface ?? ''}`;
