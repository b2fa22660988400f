import type { NatTableFieldsFragment } from '../../gql/graphql';

/** One address translation, whichever layer does it: the rows of the NAT table. */
export interface NatRow {
  id: string;
  source: 'iptables' | 'ipvs' | 'ovn';
  /** The host, or the OVN logical router or switch. */
  place: string;
  kind: string;
  /** What selects the packets. */
  match: string;
  /** The address (and port) before the translation. */
  from: string;
  /** What it becomes. */
  to: string;
  /** The rule or row as its tool prints it. */
  text: string;
  /** The kube-ovn object (or Service) behind it. */
  owner: string;
}

export const NAT_COLUMNS = ['source', 'place', 'kind', 'match', 'from', 'to', 'text', 'owner'] as const;
export type NatColumn = (typeof NAT_COLUMNS)[number];

/** The value of an option (`-d 10.0.0.1/32`, `--dport 80`) in an iptables match, with its `!`. */
function option(match: string, names: string[]): string | null {
  for (const name of names) {
    const m = new RegExp(`(!\\s+)?${name}\\s+(\\S+)`).exec(match);
    if (m !== null) return `${m[1] !== undefined ? '! ' : ''}${m[2]}`;
  }
  return null;
}

function iptablesFrom(kind: string, match: string): string {
  const address = kind === 'DNAT' || kind === 'REDIRECT' ? option(match, ['-d', '--destination']) : option(match, ['-s', '--source']);
  const port = kind === 'DNAT' || kind === 'REDIRECT' ? option(match, ['--dport', '--destination-port']) : null;
  if (address === null && port === null) return 'any';
  return `${address ?? 'any'}${port === null ? '' : `:${port}`}`;
}

function hostPort(address: string | null | undefined, port: number | null | undefined): string {
  if (address === null || address === undefined) return '';
  const a = address.includes(':') ? `[${address}]` : address;
  return port === null || port === undefined ? a : `${a}:${port}`;
}

const PROTO_FLAG: Record<string, string> = { tcp: '-t', udp: '-u', sctp: '--sctp-service' };

/** Every row of a snapshot's NAT table, in the API's order: iptables rules, IPVS services, OVN rows. */
export function natRows(table: NatTableFieldsFragment): NatRow[] {
  const rows: NatRow[] = [];
  table.rules.forEach((r, i) =>
    rows.push({
      id: `iptables/${i}`,
      source: 'iptables',
      place: r.host,
      kind: r.kind,
      match: `-t ${r.table} ${r.chain}${r.match === '' ? '' : ` ${r.match}`}`,
      from: iptablesFrom(r.kind, r.match),
      to: r.translation,
      text: r.rule,
      owner: '',
    }),
  );
  table.ipvs.forEach((s, i) => {
    const service =
      s.fwmark !== null && s.fwmark !== undefined
        ? `-f ${s.fwmark}`
        : `${PROTO_FLAG[s.protocol] ?? `-${s.protocol}`} ${hostPort(s.address, s.port)}`;
    rows.push({
      id: `ipvs/${i}`,
      source: 'ipvs',
      place: s.host,
      kind: 'IPVS',
      match: s.fwmark !== null && s.fwmark !== undefined ? `fwmark 0x${s.fwmark.toString(16)}` : s.protocol,
      from: s.fwmark !== null && s.fwmark !== undefined ? `fwmark 0x${s.fwmark.toString(16)}` : hostPort(s.address, s.port),
      to:
        s.realServers.length === 0
          ? 'no real servers'
          : s.realServers.map((r) => `${hostPort(r.address, r.port)} w${r.weight} ${r.forward.toLowerCase()}`).join(', '),
      text: `-A ${service} -s ${s.scheduler}${s.persistent !== null && s.persistent !== undefined ? ` -p ${s.persistent.timeout}` : ''}${s.flags.length > 0 ? ` -b ${s.flags.join(',')}` : ''}`,
      owner: '',
    });
  });
  table.ovn.forEach((o, i) => {
    const lb = o.type === 'lb';
    const external = `${o.external}${o.externalPorts !== null && o.externalPorts !== undefined ? `:${o.externalPorts}` : ''}`;
    const logical = o.logical.join(', ');
    const where = [o.placement === 'DISTRIBUTED' ? 'distributed' : 'centralized', o.chassisHost ?? o.chassis]
      .filter((s) => s !== null && s !== undefined)
      .join(' on ');
    rows.push({
      id: `ovn/${i}`,
      source: 'ovn',
      place: `${o.datapathKind === 'ROUTER' ? 'router' : 'switch'} ${o.datapath}`,
      kind: lb ? 'LB' : `OVN ${o.type}`,
      match: [lb ? (o.protocol ?? '') : '', o.logicalPort !== null && o.logicalPort !== undefined ? `port ${o.logicalPort}` : '', where]
        .filter((s) => s !== '')
        .join(', '),
      from: o.type === 'snat' ? logical : external,
      to: o.type === 'snat' ? external : o.type === 'dnat_and_snat' ? `${logical} (and back)` : logical,
      text: lb
        ? `lb ${o.loadBalancer ?? '?'} ${o.protocol ?? ''} ${external} -> ${logical}`.replace(/\s+/g, ' ')
        : `lr-nat-add ${o.datapath} ${o.type} ${o.external} ${logical}${o.logicalPort !== null && o.logicalPort !== undefined ? ` ${o.logicalPort} ${o.externalMac ?? ''}` : ''}`.trim(),
      owner: o.owner ?? '',
    });
  });
  return rows;
}
