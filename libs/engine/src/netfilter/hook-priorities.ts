import type { IptablesTableName } from '@hookpath/model';
import { PRIORITY_CONNTRACK_CONFIRM, type Hook } from '../packet/hooks';

/**
 * One function registered on a netfilter hook. The priorities are those of
 * include/uapi/linux/netfilter_ipv4.h (enum nf_ip_hook_priorities); the iptables tables register
 * their base chains at them (net/ipv4/netfilter/iptable_*.c), conntrack at -200 and INT_MAX.
 */
export type HookEntry =
  | { kind: 'table'; table: IptablesTableName; priority: number; priorityName: string }
  | { kind: 'conntrack'; priority: -200; priorityName: 'NF_IP_PRI_CONNTRACK' }
  | { kind: 'conntrack-confirm'; priority: typeof PRIORITY_CONNTRACK_CONFIRM; priorityName: 'NF_IP_PRI_CONNTRACK_CONFIRM' };

const table = (t: IptablesTableName, priority: number, priorityName: string): HookEntry => ({
  kind: 'table',
  table: t,
  priority,
  priorityName,
});
const RAW = (): HookEntry => table('raw', -300, 'NF_IP_PRI_RAW');
const MANGLE = (): HookEntry => table('mangle', -150, 'NF_IP_PRI_MANGLE');
const NAT_DST = (): HookEntry => table('nat', -100, 'NF_IP_PRI_NAT_DST');
const FILTER = (): HookEntry => table('filter', 0, 'NF_IP_PRI_FILTER');
const SECURITY = (): HookEntry => table('security', 50, 'NF_IP_PRI_SECURITY');
const NAT_SRC = (): HookEntry => table('nat', 100, 'NF_IP_PRI_NAT_SRC');
const CONNTRACK: HookEntry = { kind: 'conntrack', priority: -200, priorityName: 'NF_IP_PRI_CONNTRACK' };
const CONFIRM: HookEntry = { kind: 'conntrack-confirm', priority: PRIORITY_CONNTRACK_CONFIRM, priorityName: 'NF_IP_PRI_CONNTRACK_CONFIRM' };

/**
 * Everything an IPv4 packet meets on each hook, in the order the kernel runs it (ascending
 * priority). Conntrack enters on PREROUTING and OUTPUT and confirms on INPUT and POSTROUTING; nat
 * rewrites destinations at -100 (PREROUTING, OUTPUT) and sources at 100 (INPUT, POSTROUTING).
 */
export const HOOK_ORDER: Readonly<Record<Hook, readonly HookEntry[]>> = {
  PREROUTING: [RAW(), CONNTRACK, MANGLE(), NAT_DST()],
  INPUT: [MANGLE(), FILTER(), SECURITY(), NAT_SRC(), CONFIRM],
  FORWARD: [MANGLE(), FILTER(), SECURITY()],
  OUTPUT: [RAW(), CONNTRACK, MANGLE(), NAT_DST(), FILTER(), SECURITY()],
  POSTROUTING: [MANGLE(), NAT_SRC(), CONFIRM],
};
