import type { Host } from '@hookpath/model';
import { formatIpv4 } from '../net/ipv4';
import type { Fib } from '../routing/fib';
import { validateSource, type SourceCheck } from '../routing/rp-filter';
import type { Diagnosis } from '../trace/trace';

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
    code: 'RP_FILTER_ASYMMETRIC_ROUTE',
    message:
      `On ${host.name} the packet from ${formatIpv4(check.src)} to ${formatIpv4(check.dst)} arrives on ${check.iif}, but the route back to ${formatIpv4(check.src)} leaves by another interface; ` +
      'strict reverse-path filtering (rp_filter 1, the maximum of `all` and the interface) drops it. Loose mode (2) only requires a route back.',
    fix: `in ${host.name}: sysctl -w ${key}=2${strictAll ? ' (the effective value is max(all, interface), so all=1 stays compatible)' : ''}; or pin the return path with CONNMARK and an fwmark ip rule`,
  };
}
