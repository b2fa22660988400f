import { graphql } from '../../gql';
import type { HostIpRuleFragment } from '../../gql/graphql';

export const HostIpRuleFields = graphql(`
  fragment HostIpRule on IpRule {
    priority
    not
    from
    to
    fwmark
    fwmask
    iif
    oif
    tos
    ipproto
    sport
    dport
    uidrange
    l3mdev
    action
    table
    gotoPriority
    suppressPrefixLength
    suppressIfgroup
    detached
  }
`);

const hex = (n: number) => `0x${n.toString(16)}`;

/** A rule as `ip rule show` prints it: `1000: from all to 10.0.0.0/8 lookup main`. */
export function ipRuleText(r: HostIpRuleFragment): string {
  const parts: string[] = [`${r.priority}:`];
  if (r.not) parts.push('not');
  parts.push(`from ${r.from}`);
  if (r.to !== 'all') parts.push(`to ${r.to}`);
  if (r.tos !== null && r.tos !== undefined) parts.push(`tos ${r.tos}`);
  if (r.fwmark !== null && r.fwmark !== undefined) {
    parts.push(
      r.fwmask === null || r.fwmask === undefined || r.fwmask === 0xffffffff
        ? `fwmark ${hex(r.fwmark)}`
        : `fwmark ${hex(r.fwmark)}/${hex(r.fwmask)}`,
    );
  }
  if (r.iif !== null && r.iif !== undefined) parts.push(`iif ${r.iif}`);
  if (r.oif !== null && r.oif !== undefined) parts.push(`oif ${r.oif}`);
  if (r.uidrange !== null && r.uidrange !== undefined) parts.push(`uidrange ${r.uidrange}`);
  if (r.ipproto !== null && r.ipproto !== undefined) parts.push(`ipproto ${r.ipproto}`);
  if (r.sport !== null && r.sport !== undefined) parts.push(`sport ${r.sport}`);
  if (r.dport !== null && r.dport !== undefined) parts.push(`dport ${r.dport}`);
  if (r.l3mdev) parts.push('lookup [l3mdev-table]');
  else if (r.action === 'lookup') parts.push(`lookup ${r.table ?? '?'}`);
  else if (r.action === 'goto') parts.push(`goto ${r.gotoPriority ?? '?'}`);
  else parts.push(r.action);
  if (r.suppressPrefixLength !== null && r.suppressPrefixLength !== undefined)
    parts.push(`suppress_prefixlength ${r.suppressPrefixLength}`);
  if (r.suppressIfgroup !== null && r.suppressIfgroup !== undefined) parts.push(`suppress_ifgroup ${r.suppressIfgroup}`);
  return parts.join(' ');
}

/** Policy routing rules in priority order, in `ip rule` words. */
export function IpRulesTable({ rules }: { rules: HostIpRuleFragment[] | null | undefined }) {
  if (rules === null || rules === undefined) return <p className="muted">Not captured (no ip-rule file).</p>;
  return (
    <pre className="ip-rules">
      {rules.map((r, i) => (
        <div key={i} className={r.detached ? 'detached' : undefined} title={r.detached ? 'names a device that does not exist' : undefined}>
          {ipRuleText(r)}
          {r.detached && <span className="muted"> [detached]</span>}
        </div>
      ))}
    </pre>
  );
}
