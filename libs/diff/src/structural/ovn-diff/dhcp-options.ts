import type { OvnDhcpOptions } from '@hookpath/model';
import { mapText, type Family } from './rows';

/** DHCP_Options by CIDR (several rows for one CIDR are told apart by their options). */
export const DHCP_OPTIONS: Family<OvnDhcpOptions> = {
  kind: 'dhcp-options',
  table: 'DHCP_Options',
  key: (d) => d.cidr,
  uuid: (d) => d.uuid,
  columns: [{ name: 'options', text: (d) => mapText(d.options) }],
};
