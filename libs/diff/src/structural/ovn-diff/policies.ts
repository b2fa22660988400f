import type { OvnRouterPolicy } from '@hookpath/model';
import { mapText, setText, type Family } from './rows';

/** Logical_Router_Policy by priority and match (`1000 "ip4.dst == 10.0.0.0/16"`); action, next hops and options are its columns. */
export const POLICIES: Family<OvnRouterPolicy> = {
  kind: 'policy',
  table: 'Logical_Router_Policy',
  deps: ['Logical_Router'],
  key: (p) => `${p.priority} "${p.match}"`,
  uuid: (p) => p.uuid,
  columns: [
    { name: 'action', text: (p) => p.action },
    { name: 'nexthops', text: (p) => setText(p.nexthops) },
    { name: 'options', text: (p) => mapText(p.options) },
  ],
};
