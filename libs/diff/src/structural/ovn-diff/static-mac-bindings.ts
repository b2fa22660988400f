import type { OvnStaticMacBinding } from '@hookpath/model';
import type { Family } from './rows';

/** Static_MAC_Binding by logical port and IP. */
export const STATIC_MAC_BINDINGS: Family<OvnStaticMacBinding> = {
  kind: 'static-mac-binding',
  table: 'Static_MAC_Binding',
  key: (m) => `${m.logicalPort} ${m.ip}`,
  uuid: (m) => m.uuid,
  columns: [
    { name: 'mac', text: (m) => m.mac },
    { name: 'override_dynamic_mac', text: (m) => (m.overrideDynamicMac === true ? 'true' : '') },
  ],
};
