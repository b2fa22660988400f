import type { RuleTarget } from '@hookpath/model';
import type { CompiledTarget } from '../compiled-types';
import { setMark } from '../eval-context';
import { hex, parseMarkMask, parseU32 } from '../option-values';
import { targetBadValue, targetOptionNotModelled, unknownTarget, targetSiteText, type TargetSite } from './target-support';

/** A MARK/CONNMARK change in xt_MARK form: new = (old & ~mask) ^ value. */
export interface XMark {
  value: number;
  mask: number;
}

export const applyXMark = (old: number, x: XMark): number => ((old & ~x.mask) ^ x.value) >>> 0;

/**
 * The mark-changing options as libxt_MARK / libxt_CONNMARK turn them into one (value, mask):
 * `--set-xmark V/M` is (V, M); `--set-mark V/M` zeroes M and ORs V: (V, M|V); `--and-mark B` is
 * (0, ~B); `--or-mark B` is (B, B); `--xor-mark B` is (B, 0). A missing mask is all ones.
 */
export function parseXMark(name: string, text: string): XMark | null {
  switch (name) {
    case 'set-xmark': {
      const mm = parseMarkMask(text);
      return mm === null ? null : { value: mm.value, mask: mm.mask };
    }
    case 'set-mark': {
      const mm = parseMarkMask(text);
      return mm === null ? null : { value: mm.value, mask: (mm.mask | mm.value) >>> 0 };
    }
    case 'and-mark': {
      const bits = parseU32(text);
      return bits === null ? null : { value: 0, mask: ~bits >>> 0 };
    }
    case 'or-mark': {
      const bits = parseU32(text);
      return bits === null ? null : { value: bits, mask: bits };
    }
    case 'xor-mark': {
      const bits = parseU32(text);
      return bits === null ? null : { value: bits, mask: 0 };
    }
    default:
      return null;
  }
}

export const XMARK_OPTIONS: readonly string[] = ['set-xmark', 'set-mark', 'and-mark', 'or-mark', 'xor-mark'];

/** `-j MARK`: skb->mark = (mark & ~mask) ^ value (xt_MARK.c); the walk goes on. */
export function markTarget(target: RuleTarget, site: TargetSite): CompiledTarget {
  let change: XMark | null = null;
  let written = '';
  for (const option of target.options) {
    if (!XMARK_OPTIONS.includes(option.name)) return targetOptionNotModelled(target, option, site);
    change = parseXMark(option.name, option.values[0] ?? '');
    if (change === null) return targetBadValue(target, option, site);
    written = `--${option.name} ${option.values[0]}`;
  }
  if (change === null) return unknownTarget('MARK', `target "-j MARK" in ${targetSiteText(site)} has no mark option`);
  const x = change;
  return {
    name: 'MARK',
    apply(ctx) {
      const before = ctx.packet.mark;
      setMark(ctx, applyXMark(before, x));
      return { action: 'continue', verdict: 'MARK', text: `mark ${hex(before)} -> ${hex(ctx.packet.mark)} (${written})` };
    },
  };
}
