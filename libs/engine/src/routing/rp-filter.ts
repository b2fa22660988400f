import type { Host } from '@hookpath/model';
import { formatIpv4 } from '../net/ipv4';
import { addressOwner, findInterface, ipv4AddressesOf } from './addresses';
import { SCOPE_UNIVERSE, type Fib } from './fib';
import { describeLookup, fibLookup } from './fib-lookup';
import { orConf, rpFilterOf, sendRedirects, type RpFilterSetting } from './sysctl';

export interface SourceCheck {
  src: number;
  dst: number;
  /** The interface the packet arrived on. */
  iif: string;
  /** The forward route's egress device; null for local delivery (the reverse lookup then runs as from lo). */
  oif: string | null;
  mark: number;
  proto: number;
  sport: number;
  dport: number;
  tos: number;
}

export interface SourceValidation {
  ok: boolean;
  /** `rpf`: the reverse-path test failed (IPReversePathFilter); `martian`: the source is invalid whatever rp_filter says. */
  failure: 'rpf' | 'martian' | null;
  setting: RpFilterSetting;
  explanation: string;
}

/**
 * fib_validate_source (net/ipv4/fib_frontend.c). The reverse lookup swaps the addresses, runs with
 * iif = the forward route's egress device (lo for local delivery) and the policy rules. Strict
 * mode (1) wants the reverse route to leave by the incoming interface; loose (2) only wants a
 * route back; an incoming interface without an address fails whenever the route does not match
 * it and rp_filter is on. With rp_filter off only martian sources are refused.
 */
export function validateSource(host: Host, fib: Fib, check: SourceCheck): SourceValidation {
  const setting = rpFilterOf(host, check.iif);
  const src = formatIpv4(check.src);
  const label = `rp_filter ${setting.mode} (${setting.source})`;
  const acceptLocal = orConf(host, check.iif, 'accept_local');
  if (setting.value === 0 && (check.iif !== check.oif || !sendRedirects(host, check.iif))) {
    if (acceptLocal) return { ok: true, failure: null, setting, explanation: `${label}; accept_local is on: source not checked` };
    if (!fib.customLocalRoutes && !fib.customRules) {
      const own = addressOwner(host, check.src);
      if (own !== null) {
        return {
          ok: false,
          failure: 'martian',
          setting,
          explanation: `${label}; source ${src} is this host's own address (on ${own.iface}): martian source, dropped`,
        };
      }
      return { ok: true, failure: null, setting, explanation: `${label}: source not checked` };
    }
  }
  const srcValidMark = orConf(host, check.iif, 'src_valid_mark');
  const reverse = fibLookup(fib, {
    dst: check.src,
    src: check.dst,
    iif: check.oif ?? 'lo',
    oif: null,
    mark: srcValidMark ? check.mark : 0,
    proto: check.proto,
    sport: check.dport,
    dport: check.sport,
    tos: check.tos,
    uid: 0,
    scope: SCOPE_UNIVERSE,
  });
  const rev = `reverse lookup for ${src} from ${formatIpv4(check.dst)} (iif ${check.oif ?? 'lo'}): ${describeLookup(reverse)}`;
  const on = setting.value !== 0;
  if (reverse.kind !== 'route') {
    if (reverse.kind === 'unknown') return { ok: false, failure: 'rpf', setting, explanation: `${label}; ${rev}` };
    return on
      ? { ok: false, failure: 'rpf', setting, explanation: `${label}; ${rev}: no route back to ${src}, dropped` }
      : { ok: true, failure: null, setting, explanation: `${label}; ${rev}: no route back, accepted (rp_filter off)` };
  }
  const type = reverse.route.type;
  if (type !== 'unicast' && !(type === 'local' && acceptLocal)) {
    return {
      ok: false,
      failure: 'martian',
      setting,
      explanation: `${label}; ${rev}: the source is a ${type} address, martian source, dropped`,
    };
  }
  const devs = reverse.route.nexthops.map((nh) => nh.dev).filter((d): d is string => d !== null);
  const devMatch = devs.includes(check.iif) || (type === 'local' && check.iif === 'lo');
  const back = devs.length > 0 ? devs.join(', ') : 'no device';
  if (devMatch)
    return { ok: true, failure: null, setting, explanation: `${label}; ${rev}: leaves by ${check.iif}, where the packet arrived: passes` };
  const iface = findInterface(host, check.iif);
  const noAddr = iface !== undefined && ipv4AddressesOf(iface).length === 0;
  if (noAddr) {
    return on
      ? {
          ok: false,
          failure: 'rpf',
          setting,
          explanation: `${label}; ${rev}: leaves by ${back}, not ${check.iif}, and ${check.iif} has no IPv4 address: dropped`,
        }
      : { ok: true, failure: null, setting, explanation: `${label}; ${rev}: accepted (rp_filter off)` };
  }
  if (setting.mode === 'strict') {
    return {
      ok: false,
      failure: 'rpf',
      setting,
      explanation: `${label}; ${rev}: leaves by ${back}, not ${check.iif} where the packet arrived: dropped (IPReversePathFilter)`,
    };
  }
  return {
    ok: true,
    failure: null,
    setting,
    explanation: on ? `${label}; ${rev}: ${src} is reachable (via ${back}): passes` : `${label}; ${rev}: accepted (rp_filter off)`,
  };
}
