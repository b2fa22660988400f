import type { IpRule, Route } from '@hookpath/model';
import { formatMark } from '../packet/packet';

const stripHost = (prefix: string): string => (prefix.endsWith('/32') ? prefix.slice(0, -3) : prefix);

/** A route as `ip route show` prints it (without the table, which explanations name separately). */
export function routeText(route: Route): string {
  const parts: string[] = [];
  if (route.type !== 'unicast') parts.push(route.type);
  parts.push(route.dst === 'default' ? 'default' : stripHost(route.dst));
  if (route.nexthops.length === 0) {
    if (route.gateway !== undefined) parts.push('via', route.gateway);
    if (route.dev !== undefined) parts.push('dev', route.dev);
  }
  if (route.protocol !== undefined) parts.push('proto', route.protocol);
  if (route.scope !== undefined && route.scope !== 'global' && route.scope !== 'universe') parts.push('scope', route.scope);
  if (route.prefsrc !== undefined) parts.push('src', route.prefsrc);
  if (route.metric !== undefined) parts.push('metric', String(route.metric));
  parts.push(...route.flags);
  for (const nh of route.nexthops) {
    parts.push('nexthop');
    if (nh.gateway !== undefined) parts.push('via', nh.gateway);
    if (nh.dev !== undefined) parts.push('dev', nh.dev);
    parts.push('weight', String(nh.weight), ...nh.flags);
  }
  return parts.join(' ');
}

/** What an `ip rule` selects, as `ip rule show` prints it after `<priority>:`. */
export function ipRuleSelector(rule: IpRule): string {
  const parts: string[] = [];
  if (rule.not) parts.push('not');
  parts.push('from', rule.from === 'all' ? 'all' : stripHost(rule.from));
  if (rule.to !== 'all') parts.push('to', stripHost(rule.to));
  if (rule.tos !== undefined) parts.push('tos', rule.tos);
  if (rule.fwmark !== undefined) {
    const mask = rule.fwmask ?? 0xffffffff;
    parts.push('fwmark', mask === 0xffffffff ? formatMark(rule.fwmark) : `${formatMark(rule.fwmark)}/${formatMark(mask)}`);
  }
  if (rule.iif !== undefined) parts.push('iif', rule.iif);
  if (rule.oif !== undefined) parts.push('oif', rule.oif);
  if (rule.ipproto !== undefined) parts.push('ipproto', rule.ipproto);
  if (rule.sport !== undefined) parts.push('sport', rule.sport);
  if (rule.dport !== undefined) parts.push('dport', rule.dport);
  if (rule.uidrange !== undefined) parts.push('uidrange', rule.uidrange);
  return parts.join(' ');
}

/** What an `ip rule` does with the packets it selects, as `ip rule show` prints it after the selector. */
export function ipRuleAction(rule: IpRule): string {
  const parts: string[] = [];
  if (rule.l3mdev) parts.push('lookup [l3mdev-table]');
  switch (rule.action) {
    case 'lookup':
      if (!rule.l3mdev) parts.push('lookup', rule.table ?? 'main');
      break;
    case 'goto':
      parts.push('goto', String(rule.gotoPriority ?? ''));
      break;
    case 'blackhole':
    case 'unreachable':
    case 'prohibit':
    case 'nop':
      parts.push(rule.action);
      break;
    default: {
      const unreachable: never = rule.action;
      return unreachable;
    }
  }
  if (rule.suppressPrefixLength !== undefined) parts.push('suppress_prefixlength', String(rule.suppressPrefixLength));
  if (rule.suppressIfgroup !== undefined) parts.push('suppress_ifgroup', rule.suppressIfgroup);
  if (rule.detached) parts.push('[detached]');
  return parts.join(' ');
}

/** The selector and action of a rule as `ip rule show` prints them after `<priority>:`. */
export const ruleText = (rule: IpRule): string => `${ipRuleSelector(rule)} ${ipRuleAction(rule)}`;
