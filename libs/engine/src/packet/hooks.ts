export type Hook = 'PREROUTING' | 'INPUT' | 'FORWARD' | 'OUTPUT' | 'POSTROUTING';

export const HOOKS: readonly Hook[] = ['PREROUTING', 'INPUT', 'FORWARD', 'OUTPUT', 'POSTROUTING'];

/** INT_MAX: where conntrack confirms a new connection (NF_IP_PRI_CONNTRACK_CONFIRM). */
export const PRIORITY_CONNTRACK_CONFIRM = 2147483647;
