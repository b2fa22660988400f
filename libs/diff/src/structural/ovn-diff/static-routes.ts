import type { OvnStaticRoute } from '@hookpath/model';
import { mapText, valueText, type Family } from './rows';

/**
 * Logical_Router_Static_Route by route table, policy, prefix and next hop (ECMP members are rows
 * of their own): `dst-ip 0.0.0.0/0 via 172.19.0.1`, `table rtb-a src-ip 10.0.1.0/24 via 10.0.0.254`.
 * The BFD row is compared by being set, not by its UUID.
 */
export const STATIC_ROUTES: Family<OvnStaticRoute> = {
  kind: 'static-route',
  table: 'Logical_Router_Static_Route',
  deps: ['Logical_Router'],
  key: (r) =>
    `${r.routeTable === undefined || r.routeTable === '' ? '' : `table ${r.routeTable} `}${r.policy} ${r.ipPrefix} via ${r.nexthop}`,
  uuid: (r) => r.uuid,
  columns: [
    { name: 'output_port', text: (r) => valueText(r.outputPort) },
    { name: 'options', text: (r) => mapText(r.options) },
    { name: 'bfd', text: (r) => (r.bfd === null || r.bfd === undefined || r.bfd === '' ? '' : 'set') },
  ],
};
