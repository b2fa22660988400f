import type {
  OvnLogicalRouter,
  OvnLogicalSwitch,
  OvnNat,
  OvnNatType,
  OvnRouterPort,
  OvnSwitchPort,
  ParseIssue,
  ParseResult,
} from '@hookpath/model';
import { issueAt, splitLines } from '../issue';
import { parseOvsdbValue } from '../ovn-nbctl-list/ovsdb-value';

/** What `ovn-nbctl show` prints: switches with their ports, routers with their ports and NAT rows. */
export interface OvnNbctlShow {
  switches: OvnLogicalSwitch[];
  routers: OvnLogicalRouter[];
}

const DATAPATH = /^(switch|router) ([0-9a-f-]{36}) \((.*)\)$/;
const CHILD = /^ {4}(port|nat) (\S+)(?: \(aka (.*)\))?$/;
const FIELD = /^ {8}([a-z][a-z0-9 ()-]*): (.*)$/;
const NAT_TYPES: readonly string[] = ['snat', 'dnat', 'dnat_and_snat'];

type Child = { kind: 'lsp'; port: OvnSwitchPort } | { kind: 'lrp'; port: OvnRouterPort } | { kind: 'nat'; nat: OvnNat } | { kind: 'skip' };

/** A string or a list of strings (`["a", "b"]`) as show prints them; bare words are accepted too. */
function strings(text: string): string[] | { offset: number; message: string } {
  const value = parseOvsdbValue(text);
  if ('message' in value) return value;
  if (value.kind === 'map') return { offset: 0, message: 'expected a string or a list, found a map' };
  return value.kind === 'set' ? value.items : [value.value];
}

/**
 * Parses `ovn-nbctl show` (OVN 2x.xx layout: 4-space indent per level). It prints part of each
 * row: ports' type, parent, tag, addresses and router peer; router ports' mac, networks, route
 * table and gateway chassis names (not in priority order, without priorities); NAT rows' type,
 * addresses and external port range. Fields it does not model are skipped.
 */
export function parseOvnNbctlShow(content: string, file: string): ParseResult<OvnNbctlShow> {
  const lines = splitLines(content);
  const errors: ParseIssue[] = [];
  const switches: OvnLogicalSwitch[] = [];
  const routers: OvnLogicalRouter[] = [];
  let sw: OvnLogicalSwitch | null = null;
  let lr: OvnLogicalRouter | null = null;
  let child: Child | null = null;
  const fail = (index: number, column: number, message: string): void => {
    errors.push(issueAt(file, lines, index, column, message));
  };
  lines.forEach((raw, index) => {
    const line = raw.replace(/\s+$/, '');
    if (line === '') return;
    const dp = DATAPATH.exec(line);
    if (dp !== null) {
      const [, kind, uuid = '', name = ''] = dp;
      child = null;
      if (kind === 'switch') {
        sw = { name, uuid, ports: [], loadBalancers: [] };
        lr = null;
        switches.push(sw);
      } else {
        lr = { name, uuid, ports: [], nat: [], loadBalancers: [], staticRoutes: [], options: {} };
        sw = null;
        routers.push(lr);
      }
      return;
    }
    const ch = CHILD.exec(line);
    if (ch !== null) {
      const [, kind, id = '', aka] = ch;
      if (sw !== null && kind === 'port') {
        const port: OvnSwitchPort = { name: aka ?? id, uuid: aka === undefined ? null : id, type: '', addresses: [], routerPort: null };
        sw.ports.push(port);
        child = { kind: 'lsp', port };
      } else if (lr !== null && kind === 'port') {
        const port: OvnRouterPort = {
          name: aka ?? id,
          uuid: aka === undefined ? null : id,
          mac: '',
          networks: [],
          gatewayChassis: [],
          options: {},
        };
        lr.ports.push(port);
        child = { kind: 'lrp', port };
      } else if (lr !== null && kind === 'nat') {
        const nat: OvnNat = { uuid: id, type: 'snat', externalIp: '', logicalIp: '', externalMac: null, logicalPort: null, options: {} };
        lr.nat.push(nat);
        child = { kind: 'nat', nat };
      } else {
        fail(
          index,
          5,
          sw === null && lr === null ? `"${kind ?? ''}" before any switch or router` : `a switch has no "${kind ?? ''}" entries`,
        );
        child = { kind: 'skip' };
      }
      return;
    }
    const field = FIELD.exec(line);
    if (field === null) {
      fail(index, 1, 'expected "switch|router <uuid> (<name>)", "    port|nat <name>" or "        <field>: <value>"');
      // The fields under a line that was not understood belong to nothing known.
      if (/^ {4}\S/.test(line)) child = { kind: 'skip' };
      return;
    }
    const current = child as Child | null;
    if (current === null) {
      fail(index, 9, 'a field outside a port or NAT entry');
      return;
    }
    const [, key = '', text = ''] = field;
    const column = 9 + key.length + 2;
    if (current.kind === 'skip') return;
    if (key === 'gateway chassis' && current.kind === 'lrp') {
      // Printed as a space-separated list of chassis names, highest priority first in newer OVN.
      const m = /^\[(.*)\]$/.exec(text);
      if (m === null) return fail(index, column, 'expected "[<chassis> ...]"');
      current.port.gatewayChassis = (m[1] ?? '')
        .split(/\s+/)
        .filter((c) => c !== '')
        .map((chassis) => ({ chassis, priority: null }));
      return;
    }
    const value = strings(text);
    if (!Array.isArray(value)) return fail(index, column + value.offset, value.message);
    const first = value[0] ?? '';
    switch (current.kind) {
      case 'lsp':
        if (key === 'type') current.port.type = first;
        else if (key === 'addresses') current.port.addresses = value;
        else if (key === 'router-port') current.port.routerPort = first;
        else if (key === 'parent') current.port.parentName = first;
        else if (key === 'tag') {
          if (!/^\d+$/.test(first)) return fail(index, column, `tag ${JSON.stringify(first)} is not a number`);
          current.port.tag = Number(first);
        }
        return;
      case 'lrp':
        if (key === 'mac') current.port.mac = first;
        else if (key === 'networks') current.port.networks = value;
        else if (key === 'route-table') current.port.options = { ...current.port.options, route_table: first };
        return;
      case 'nat':
        if (key === 'external ip') current.nat.externalIp = first;
        else if (key === 'logical ip') current.nat.logicalIp = first;
        else if (key === 'external mac') current.nat.externalMac = first;
        else if (key === 'logical port') current.nat.logicalPort = first;
        else if (key === 'external port(s)') current.nat.externalPortRange = first;
        else if (key === 'type') {
          if (!NAT_TYPES.includes(first))
            return fail(index, column, `unknown NAT type ${JSON.stringify(first)} (snat, dnat, dnat_and_snat)`);
          current.nat.type = first as OvnNatType;
        }
        return;
    }
  });
  return { value: { switches, routers }, errors };
}
