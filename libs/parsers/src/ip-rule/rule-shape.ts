import type { IpRule } from '@hookpath/model';

const ORDER = [
  'priority',
  'not',
  'from',
  'to',
  'iif',
  'oif',
  'fwmark',
  'fwmask',
  'tos',
  'ipproto',
  'sport',
  'dport',
  'uidrange',
  'l3mdev',
  'action',
  'table',
  'gotoPriority',
  'suppressPrefixLength',
  'suppressIfgroup',
  'detached',
] as const satisfies readonly (keyof IpRule)[];

/** Copies an IpRule in the model's field order without undefined fields (JSON and text then compare equal). */
export function shapeRule(rule: IpRule): IpRule {
  const shaped: Record<string, unknown> = {};
  for (const key of ORDER) if (rule[key] !== undefined) shaped[key] = rule[key];
  return shaped as unknown as IpRule;
}

/** A rule with every selector at its "matches everything" value. */
export function emptyRule(priority: number): IpRule {
  return { priority, not: false, from: 'all', to: 'all', l3mdev: false, action: 'lookup', detached: false };
}

/** The mask the kernel uses when `fwmark` is given without one; iproute2 then prints no mask. */
export const FULL_FWMASK = 0xffffffff;
