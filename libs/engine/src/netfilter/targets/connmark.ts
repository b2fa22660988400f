import type { RuleTarget } from '@hookpath/model';
import type { CompiledTarget, TargetEffect } from '../compiled-types';
import { setMark } from '../eval-context';
import { hex, parseU32 } from '../option-values';
import { applyXMark, parseXMark, XMARK_OPTIONS, type XMark } from './mark';
import { targetBadValue, targetOptionNotModelled, targetSiteText, unknownTarget, type TargetSite } from './target-support';

type Mode = { kind: 'set'; x: XMark; written: string } | { kind: 'save' } | { kind: 'restore' };

/**
 * `-j CONNMARK` (xt_CONNMARK.c, libxt_CONNMARK revision 1):
 * set:     ctmark = (ctmark & ~ctmask) ^ ctmark-value (the MARK forms, on the connection);
 * save:    ctmark = (ctmark & ~ctmask) ^ (mark & nfmask);
 * restore: mark = (mark & ~nfmask) ^ (ctmark & ctmask);
 * `--mask` sets both masks, which default to all ones. Without a connection it does nothing.
 */
export function connmarkTarget(target: RuleTarget, site: TargetSite): CompiledTarget {
  let mode: Mode | null = null;
  let nfmask = 0xffffffff;
  let ctmask = 0xffffffff;
  for (const option of target.options) {
    const value = option.values[0] ?? '';
    if (XMARK_OPTIONS.includes(option.name)) {
      const x = parseXMark(option.name, value);
      if (x === null) return targetBadValue(target, option, site);
      mode = { kind: 'set', x, written: `--${option.name} ${value}` };
      continue;
    }
    switch (option.name) {
      case 'save-mark':
        mode = { kind: 'save' };
        break;
      case 'restore-mark':
        mode = { kind: 'restore' };
        break;
      case 'mask':
      case 'nfmask':
      case 'ctmask': {
        const bits = parseU32(value);
        if (bits === null) return targetBadValue(target, option, site);
        if (option.name !== 'ctmask') nfmask = bits;
        if (option.name !== 'nfmask') ctmask = bits;
        break;
      }
      default:
        return targetOptionNotModelled(target, option, site);
    }
  }
  if (mode === null) return unknownTarget('CONNMARK', `target "-j CONNMARK" in ${targetSiteText(site)} has no mode`);
  const m = mode;
  const noConnection: TargetEffect = {
    action: 'continue',
    verdict: 'CONNMARK',
    text: 'CONNMARK: the packet has no connection, nothing changes',
  };
  return {
    name: 'CONNMARK',
    apply(ctx) {
      if (ctx.ct === null) return noConnection;
      const before = ctx.ctMark;
      switch (m.kind) {
        case 'set':
          ctx.ctMark = applyXMark(before, m.x);
          ctx.ctMarkChanged = true;
          return { action: 'continue', verdict: 'CONNMARK', text: `connection mark ${hex(before)} -> ${hex(ctx.ctMark)} (${m.written})` };
        case 'save':
          ctx.ctMark = ((before & ~ctmask) ^ (ctx.packet.mark & nfmask)) >>> 0;
          ctx.ctMarkChanged = true;
          return {
            action: 'continue',
            verdict: 'CONNMARK',
            text: `connection mark ${hex(before)} -> ${hex(ctx.ctMark)} (--save-mark of mark ${hex(ctx.packet.mark)}, nfmask ${hex(nfmask)}, ctmask ${hex(ctmask)})`,
          };
        case 'restore': {
          const mark = ctx.packet.mark;
          setMark(ctx, ((mark & ~nfmask) ^ (before & ctmask)) >>> 0);
          return {
            action: 'continue',
            verdict: 'CONNMARK',
            text: `mark ${hex(mark)} -> ${hex(ctx.packet.mark)} (--restore-mark from connection mark ${hex(before)}, nfmask ${hex(nfmask)}, ctmask ${hex(ctmask)})`,
          };
        }
      }
    },
  };
}
