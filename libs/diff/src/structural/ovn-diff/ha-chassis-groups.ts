import type { OvnGatewayChassis, OvnHaChassisGroup } from '@hookpath/model';
import { compareText } from '../change';
import type { Family } from './rows';

/** `[chassis:priority ...]`, highest priority first, then by name: a priority swap is one change of the list. */
export function chassisText(list: readonly OvnGatewayChassis[]): string {
  if (list.length === 0) return '';
  const sorted = [...list].sort((a, b) => (b.priority ?? -1) - (a.priority ?? -1) || compareText(a.chassis, b.chassis));
  return `[${sorted.map((g) => (g.priority === null ? g.chassis : `${g.chassis}:${g.priority}`)).join(' ')}]`;
}

/** HA_Chassis_Group by name; its chassis with their priorities are one column. */
export const HA_CHASSIS_GROUPS: Family<OvnHaChassisGroup> = {
  kind: 'ha-chassis-group',
  table: 'HA_Chassis_Group',
  key: (g) => g.name,
  uuid: (g) => g.uuid,
  columns: [{ name: 'ha_chassis', text: (g) => chassisText(g.chassis) }],
};
