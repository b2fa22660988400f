import type { RuleTarget } from '@hookpath/model';
import { parseIpv4 } from '../../net/ipv4';
import type { CompiledTarget } from '../compiled-types';
import { setMark } from '../eval-context';
import { hex, parseMarkMask } from '../option-values';
import { applyXMark } from './mark';
import { targetBadValue, targetOptionNotModelled, targetSiteText, unknownTarget, type TargetSite } from './target-support';

/**
 * `-j TPROXY --on-port P [--on-ip A] [--tproxy-mark V/M]` (xt_TPROXY.c, mangle PREROUTING): the
 * packet is handed to a local socket at A:P (A 0.0.0.0 or absent: the incoming interface's primary
 * address, else the packet's destination) and its mark set as MARK --set-xmark would; the trace
 * assumes the socket listens, as the kernel accepts the packet only then.
 */
export function tproxyTarget(target: RuleTarget, site: TargetSite): CompiledTarget {
  let port: number | null = null;
  let onIp: string | null = null;
  let mark = { value: 0, mask: 0 };
  for (const option of target.options) {
    const value = option.values[0] ?? '';
    switch (option.name) {
      case 'on-port':
        if (!/^[0-9]{1,5}$/.test(value) || Number(value) > 65535) return targetBadValue(target, option, site);
        port = Number(value);
        break;
      case 'on-ip':
        if (parseIpv4(value) === null) return targetBadValue(target, option, site);
        onIp = value === '0.0.0.0' ? null : value;
        break;
      case 'tproxy-mark': {
        const mm = parseMarkMask(value);
        if (mm === null) return targetBadValue(target, option, site);
        mark = mm;
        break;
      }
      default:
        return targetOptionNotModelled(target, option, site);
    }
  }
  if (port === null) return unknownTarget('TPROXY', `target "-j TPROXY" in ${targetSiteText(site)} has no --on-port`);
  const onPort = port;
  return {
    name: 'TPROXY',
    apply(ctx) {
      const address = onIp ?? ctx.input.env.redirectDestination(ctx.input.inIface) ?? ctx.packet.dst;
      const socketPort = onPort === 0 ? ctx.packet.dport : onPort;
      const before = ctx.packet.mark;
      setMark(ctx, applyXMark(before, mark));
      ctx.tproxy = { address, port: socketPort };
      return {
        action: 'accept',
        verdict: 'TPROXY',
        text: `TPROXY to local socket ${address}:${socketPort}, mark ${hex(before)} -> ${hex(ctx.packet.mark)}`,
      };
    },
  };
}
