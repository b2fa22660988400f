import type { OvnChassis, OvnMacBinding } from '@hookpath/model';
import type { StructuralChange } from '../change';
import { diffRows, setText, valueText, type Family, type OvnSides } from './rows';

/** SB Chassis by name (`ovn-sbctl show`): hostname and encapsulations. */
const CHASSIS: Family<OvnChassis> = {
  kind: 'chassis',
  table: null,
  key: (c) => c.name,
  uuid: () => null,
  columns: [
    { name: 'hostname', text: (c) => valueText(c.hostname) },
    { name: 'encaps', text: (c) => setText(c.encaps) },
  ],
};

interface PortBinding {
  port: string;
  chassis: string;
  hostname: string | null;
}

/** Port_Binding by logical port: on which chassis it is bound (a pod moving node is one change). */
const PORT_BINDINGS: Family<PortBinding> = {
  kind: 'port-binding',
  table: null,
  key: (b) => b.port,
  uuid: () => null,
  columns: [{ name: 'chassis', text: (b) => `${b.chassis}${b.hostname === null ? '' : ` (${b.hostname})`}` }],
};

/** SB MAC_Binding by logical port and IP: the MAC OVN learnt. */
const MAC_BINDINGS: Family<OvnMacBinding> = {
  kind: 'mac-binding',
  table: null,
  key: (m) => `${m.logicalPort} ${m.ip}`,
  uuid: () => null,
  columns: [{ name: 'mac', text: (m) => m.mac }],
};

const bindings = (chassis: readonly OvnChassis[]): PortBinding[] =>
  chassis.flatMap((c) => c.ports.map((port) => ({ port, chassis: c.name, hostname: c.hostname })));

/** The southbound parts the snapshot holds, each only when both sides captured it (capture.ts says when one did). */
export function diffSouthbound(sides: OvnSides): StructuralChange[] {
  const out: StructuralChange[] = [];
  const bc = sides.base.chassis ?? null;
  const tc = sides.target.chassis ?? null;
  if (bc !== null && tc !== null)
    out.push(...diffRows(sides, CHASSIS, 'chassis', bc, tc), ...diffRows(sides, PORT_BINDINGS, 'port_binding', bindings(bc), bindings(tc)));
  const bm = sides.base.macBindings ?? null;
  const tm = sides.target.macBindings ?? null;
  if (bm !== null && tm !== null) out.push(...diffRows(sides, MAC_BINDINGS, 'mac_binding', bm, tm));
  return out;
}
