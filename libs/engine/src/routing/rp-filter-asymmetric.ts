import type { Host } from '@hookpath/model';
import { formatIpv4 } from '../net/ipv4';
import type { Fib } from './fib';
import { validateSource, type SourceCheck } from './rp-filter';
import type { Diagnosis } from '../trace/trace';

const PIN_MARK = '0x42';

/**
 * Marks the connections whose packets come in on `iif` and has an fwmark rule, ahead of the
 * policy rules that sent the reverse lookup elsewhere, look them up in main (where the route back
 * leaves by `iif`). The reverse-path lookup uses the packet mark only with src_valid_mark = 1.
 */
function pinReturnPath(host: Host, iif: string): string[] {
  const prios = (host.rules ?? [])
    .filter((r) => r.priority > 0 && r.table !== 'local' && r.table !== 'main' && r.table !== 'default')
    .map((r) => r.priority);
  const pref = prios.length === 0 ? 1000 : Math.max(1, Math.min(...prios) - 1);
  return [
    `iptables -t mangle -A PREROUTING -i ${iif} -j CONNMARK --set-mark ${PIN_MARK}/${PIN_MARK}`,
    `iptables -t mangle -A PREROUTING -j CONNMARK --restore-mark --nfmask ${PIN_MARK} --ctmask ${PIN_MARK}`,
    `ip rule add fwmark ${PIN_MARK}/${PIN_MARK} lookup main pref ${pref}`,
    `sysctl -w net.ipv4.conf.${iif.replace(/\./g, '/')}.src_valid_mark=1`,
  ];
}

/**
 * Strict rp_filter dropped a packet whose source is reachable, only through another interface:
 * an asymmetric path (seed 004). Said only when loose mode on the incoming interface would pass.
 */
export function asymmetricRpFilterDiagnosis(host: Host, fib: Fib, check: SourceCheck): Diagnosis | null {
  const key = `net.ipv4.conf.${check.iif.replace(/\./g, '/')}.rp_filter`;
  const loose: Host = { ...host, sysctls: { ...(host.sysctls ?? {}), [key]: '2' } };
  const strictAll = Number(host.sysctls?.['net.ipv4.conf.all.rp_filter'] ?? '0') === 1;
  if (!validateSource(loose, fib, check).ok) return null;
  return {
    code: 'RP_FILTER_ASYMMETRIC_RETURN',
    message:
      `On ${host.name} the packet from ${formatIpv4(check.src)} to ${formatIpv4(check.dst)} arrives on ${check.iif}, but the route back to ${formatIpv4(check.src)} leaves by another interface; ` +
      'strict reverse-path filtering (rp_filter 1, the maximum of `all` and the interface) drops it. Loose mode (2) only requires a route back.',
    fix:
      `in ${host.name}: sysctl -w ${key}=2${strictAll ? ' (the effective value is max(all, interface): all=1 with the interface at 2 gives 2)' : ''}; ` +
      `or pin the return path in ${host.name}: ${pinReturnPath(host, check.iif).join(' && ')}`,
    host: host.name,
    evidence: [
      `reverse-path check on ${host.name}: from ${formatIpv4(check.src)} to ${formatIpv4(check.dst)} iif ${check.iif}: the route back to ${formatIpv4(check.src)} does not leave by ${check.iif}`,
      `${host.name} sysctl: net.ipv4.conf.all.rp_filter = ${host.sysctls?.['net.ipv4.conf.all.rp_filter'] ?? '0 (not captured)'}, ${key} = ${host.sysctls?.[key] ?? '(not captured)'}`,
    ],
  };
}
