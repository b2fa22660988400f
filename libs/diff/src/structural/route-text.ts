import { formatMark } from '@hookpath/engine';
import type { IpRule, Route } from '@hookpath/model';

const stripHost = (prefix: string): string => (prefix.endsWith('/32') ? prefix.slice(0, -3) : prefix);

/** Identity of a route in the kernel's FIB: table, type, prefix and metric (the model has no tos). */
export const routeKey = (route: Route): string => `${route.table}|${route.type}|${route.dst}|${route.metric ?? 0}`;

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
  if (rule.l3mdev) parts.push('l3mdev');
  return parts.join(' ');
}

/** What an `ip rule` does with the packets it selects. */
export function ipRuleAction(rule: IpRule): string {
  const parts: string[] = [];
  switch (rule.action) {
    case 'lookup':
      parts.push('lookup', rule.table ?? 'main');
      break;
    case 'goto':
      parts.push('goto', String(rule.gotoPriority ?? '?'));
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

export const ipRuleLine = (rule: IpRule): string => `${rule.priority}:\t${ipRuleSelector(rule)} ${ipRuleAction(rule)}`;
