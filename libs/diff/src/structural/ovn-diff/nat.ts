import type { OvnNat, OvnNorthbound } from '@hookpath/model';
import { mapText, refName, valueText, type Family } from './rows';

/** A router port reference (`gateway_port`) by name, whichever router of that side holds it. */
const routerPortName = (nb: OvnNorthbound, ref: string | null | undefined): string =>
  refName(
    nb.routers.flatMap((r) => r.ports),
    ref,
  );

/**
 * NAT rows by type, external and logical IP (what `ovn-nbctl lr-nat-add` takes); external_mac,
 * logical_port and external_port_range are what nbctl show prints too. A FIP made distributed is a
 * change of external_mac and logical_port.
 */
export const NAT: Family<OvnNat> = {
  kind: 'nat',
  table: 'NAT',
  key: (n) => `${n.type} ${n.externalIp} ${n.logicalIp}`,
  uuid: (n) => n.uuid,
  columns: [
    { name: 'external_mac', text: (n) => valueText(n.externalMac), shown: true },
    { name: 'logical_port', text: (n) => valueText(n.logicalPort), shown: true },
    { name: 'options', text: (n) => mapText(n.options) },
    { name: 'gateway_port', text: (n, nb) => routerPortName(nb, n.gatewayPort), tables: ['NAT', 'Logical_Router_Port'] },
    { name: 'allowed_ext_ips', text: (n, nb) => refName(nb.addressSets, n.allowedExtIps), tables: ['NAT', 'Address_Set'] },
    { name: 'exempted_ext_ips', text: (n, nb) => refName(nb.addressSets, n.exemptedExtIps), tables: ['NAT', 'Address_Set'] },
    { name: 'external_port_range', text: (n) => valueText(n.externalPortRange), shown: true },
  ],
};
