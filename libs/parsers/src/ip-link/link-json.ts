import type { NetInterface } from '@hookpath/model';
import type { JsonFields } from '../ip-common';
import { hasMacvlanMode, kindFromLinkType, toMacvlanMode } from './link-kind';

/**
 * One element of `ip -j [-d] link show` / `ip -j [-d] addr show`, without its `addr_info`.
 * `linkinfo` (kind, bridge, macvlan, vlan and bridge-port data) is only printed with `-d`.
 * Returns null when the element has no usable ifindex or name.
 */
export function interfaceFromJson(fields: JsonFields): NetInterface | null {
  const ifindex = fields.number('ifindex');
  const name = fields.string('ifname');
  if (ifindex === undefined || name === undefined) {
    if (!fields.has('ifindex')) fields.invalid('ifindex', 'missing');
    if (!fields.has('ifname')) fields.invalid('ifname', 'missing');
    return null;
  }
  const iface: NetInterface = {
    ifindex,
    name,
    kind: kindFromLinkType(fields.string('link_type')),
    flags: fields.strings('flags'),
    addresses: [],
  };
  const address = fields.string('address');
  if (address !== undefined) iface.mac = address.toLowerCase();
  iface.mtu = fields.number('mtu');
  iface.operState = fields.string('operstate');
  iface.master = fields.string('master');
  iface.link = fields.string('link');
  iface.linkIndex = fields.number('link_index');
  iface.linkNetnsId = fields.number('link_netnsid');
  const linkinfo = fields.child('linkinfo');
  if (linkinfo !== undefined) applyLinkinfo(iface, linkinfo);
  return iface;
}

function applyLinkinfo(iface: NetInterface, linkinfo: JsonFields): void {
  const kind = linkinfo.string('info_kind');
  if (kind !== undefined) iface.kind = kind;
  const data = linkinfo.child('info_data');
  if (kind === 'bridge') {
    iface.bridge = {
      stpState: data?.number('stp_state'),
      vlanFiltering: data?.boolean('vlan_filtering'),
      nfCallIptables: data?.boolean('nf_call_iptables'),
    };
  } else if (kind !== undefined && hasMacvlanMode(kind) && data !== undefined) {
    const mode = data.string('mode');
    if (mode !== undefined) {
      iface.macvlanMode = toMacvlanMode(mode);
      if (iface.macvlanMode === undefined) data.invalid('mode', `unknown macvlan mode ${JSON.stringify(mode)}`);
    }
  } else if (kind === 'vlan' && data !== undefined) {
    iface.vlanProtocol = data.string('protocol');
    iface.vlanId = data.number('id');
  }
  if (linkinfo.string('info_slave_kind') === 'bridge') {
    const slave = linkinfo.child('info_slave_data');
    iface.bridgePort = {
      state: slave?.string('state'),
      learning: slave?.boolean('learning'),
      hairpin: slave?.boolean('hairpin'),
    };
  }
}
