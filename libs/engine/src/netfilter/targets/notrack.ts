import type { RuleTarget } from '@hookpath/model';
import type { CompiledTarget, TargetEffect } from '../compiled-types';
import type { EvalContext } from '../eval-context';
import { targetOptionNotModelled, targetSiteText, unknownTarget, type TargetSite } from './target-support';

function untrack(ctx: EvalContext): void {
  ctx.notrack = true;
  ctx.ct = null;
  ctx.ctState = 'UNTRACKED';
}

const NOTRACK_EFFECT: TargetEffect = { action: 'continue', verdict: 'NOTRACK', text: 'no connection tracking for this packet (UNTRACKED)' };

/** `-j NOTRACK` (raw): the packet is marked untracked; conntrack and nat skip it. */
export function notrackTarget(): CompiledTarget {
  return {
    name: 'NOTRACK',
    apply(ctx) {
      untrack(ctx);
      return NOTRACK_EFFECT;
    },
  };
}

/** Options of `-j CT` that do not change which connection the packet belongs to. */
const HARMLESS = new Set(['helper', 'ctevents', 'expevents', 'timeout']);

/** `--zone N` (a number; `--zone mark`, `--zone-orig` and `--zone-reply` are not modelled). */
function zoneOf(option: RuleTarget['options'][number]): number | null {
  const value = option.values[0] ?? '';
  if (option.values.length !== 1 || !/^\d+$/.test(value)) return null;
  const zone = Number(value);
  return zone <= 0xffff ? zone : null;
}

/**
 * `-j CT` (raw): `--notrack` as NOTRACK; `--zone N` puts the packet in conntrack zone N (its
 * connection is looked up, and created, among that zone's entries only); `--helper`,
 * `--ctevents`, `--expevents`, `--timeout` only configure the connection about to be created and
 * leave the path alone.
 */
export function ctTarget(target: RuleTarget, site: TargetSite): CompiledTarget {
  let notrack = false;
  let zone: number | null = null;
  for (const option of target.options) {
    if (option.name === 'notrack') notrack = true;
    else if (option.name === 'zone' && zoneOf(option) !== null) zone = zoneOf(option);
    else if (option.name === 'zone' && option.values[0] === 'mark')
      return unknownTarget(
        target.name,
        `--zone mark of target "-j CT" in ${targetSiteText(site)} (the zone taken from the packet's mark) is not modelled`,
      );
    else if (!HARMLESS.has(option.name)) return targetOptionNotModelled(target, option, site);
  }
  if (notrack) return { ...notrackTarget(), name: 'CT' };
  const settings = target.options.filter((o) => o.name !== 'zone');
  const parts = [
    ...(zone === null ? [] : [`conntrack zone ${zone}`]),
    ...(settings.length === 0
      ? []
      : [`${settings.map((o) => `--${o.name} ${o.values.join(' ')}`.trimEnd()).join(' ')}: connection settings only`]),
  ];
  const text = `CT ${parts.join('; ')}; the path is unchanged`;
  const effect: TargetEffect = { action: 'continue', verdict: 'CONTINUE', text };
  return {
    name: 'CT',
    apply(ctx) {
      if (zone !== null) ctx.ctZone = zone;
      return effect;
    },
  };
}
