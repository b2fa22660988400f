import type { IpsetElementPart } from '@hookpath/model';
import { isIpAddress, isPrefix, parseUnsigned } from '../ip-common';
import { icmpPortValue } from './icmp-type-names';

/** What one comma-separated part of an element holds, from the set type (`hash:ip,port` -> ip, port). */
export type IpsetDimension = 'ip' | 'net' | 'port' | 'mac' | 'iface' | 'mark' | 'set';

const DIMENSIONS: readonly IpsetDimension[] = ['ip', 'net', 'port', 'mac', 'iface', 'mark', 'set'];

export interface IpsetTypeShape {
  method: 'hash' | 'bitmap' | 'list';
  dimensions: IpsetDimension[];
}

/** `hash:ip,port` -> hash over (ip, port); undefined for a type ipset does not print. */
export function ipsetTypeShape(type: string): IpsetTypeShape | undefined {
  const match = /^(hash|bitmap|list):([a-z,]+)$/.exec(type);
  if (!match) return undefined;
  const method = match[1] as IpsetTypeShape['method'];
  const dimensions: IpsetDimension[] = [];
  for (const name of match[2].split(',')) {
    const dimension = DIMENSIONS.find((d) => d === name);
    if (dimension === undefined) return undefined;
    dimensions.push(dimension);
  }
  if (method === 'list' && (dimensions.length !== 1 || dimensions[0] !== 'set')) return undefined;
  if (method !== 'list' && dimensions.includes('set')) return undefined;
  return { method, dimensions };
}

/** Context an element part is read in: the set's method and its `netmask` header option, if any. */
export interface ElementContext {
  method: IpsetTypeShape['method'];
  netmask?: number;
}

export type PartResult = { ok: true; part: IpsetElementPart } | { ok: false; message: string };

const fail = (message: string): PartResult => ({ ok: false, message });

function hostLength(address: string): number {
  return address.includes(':') ? 128 : 32;
}

/**
 * An address, `address/len` or `from-to` range. A bare address is a host (/32, /128), except in a
 * set created with `netmask N` (hash:ip, bitmap:ip), which stores and prints the network address of
 * each element's /N block.
 */
function addressPart(text: string, dimension: 'ip' | 'net', context: ElementContext): PartResult {
  const dash = text.indexOf('-');
  if (dash !== -1) {
    const from = text.slice(0, dash);
    const to = text.slice(dash + 1);
    if (!isIpAddress(from) || !isIpAddress(to)) return fail(`invalid address range ${JSON.stringify(text)}`);
    return { ok: true, part: { kind: 'range', from, to } };
  }
  if (!isPrefix(text)) return fail(`invalid ${dimension === 'ip' ? 'address' : 'network'} ${JSON.stringify(text)}`);
  if (text.includes('/')) return { ok: true, part: { kind: 'net', cidr: text } };
  const length = dimension === 'ip' && context.netmask !== undefined ? context.netmask : hostLength(text);
  return { ok: true, part: { kind: 'net', cidr: `${text}/${length}` } };
}

function portNumber(text: string): number | undefined {
  const value = parseUnsigned(text);
  return value !== undefined && value <= 65535 ? value : undefined;
}

/**
 * `proto:port`, `proto:from-to`, or a bare port. bitmap:port elements are bare ports without a
 * protocol (proto ''); in hash types a bare port means tcp, as ipset reads it. ICMP "ports" are a
 * type/code name or pair, kept as the kernel's `type << 8 | code`.
 */
function portPart(text: string, context: ElementContext): PartResult {
  const colon = text.indexOf(':');
  const proto = colon === -1 ? (context.method === 'bitmap' ? '' : 'tcp') : text.slice(0, colon);
  const ports = colon === -1 ? text : text.slice(colon + 1);
  if (colon !== -1 && !/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(proto)) return fail(`invalid protocol ${JSON.stringify(proto)}`);
  if (proto === 'icmp' || proto === 'icmpv6') {
    const value = icmpPortValue(proto, ports);
    if (value === undefined) return fail(`unknown ${proto} type ${JSON.stringify(ports)}`);
    return { ok: true, part: { kind: 'port', proto, from: value, to: value } };
  }
  const dash = ports.indexOf('-');
  const from = portNumber(dash === -1 ? ports : ports.slice(0, dash));
  const to = dash === -1 ? from : portNumber(ports.slice(dash + 1));
  if (from === undefined || to === undefined || to < from) return fail(`invalid port ${JSON.stringify(ports)}`);
  return { ok: true, part: { kind: 'port', proto, from, to } };
}

/** One part of an element, typed by the dimension it fills. */
export function elementPart(text: string, dimension: IpsetDimension, context: ElementContext): PartResult {
  switch (dimension) {
    case 'ip':
    case 'net':
      return addressPart(text, dimension, context);
    case 'port':
      return portPart(text, context);
    case 'mac':
      // libipset prints MAC addresses in upper case; the model keeps them in lower case like iproute2.
      return /^[0-9A-Fa-f]{2}(:[0-9A-Fa-f]{2}){5}$/.test(text)
        ? { ok: true, part: { kind: 'mac', mac: text.toLowerCase() } }
        : fail(`invalid MAC address ${JSON.stringify(text)}`);
    case 'iface': {
      const physdev = text.startsWith('physdev:');
      const name = physdev ? text.slice('physdev:'.length) : text;
      return /^[^\s/]{1,15}$/.test(name)
        ? { ok: true, part: { kind: 'iface', name, physdev } }
        : fail(`invalid interface name ${JSON.stringify(text)}`);
    }
    case 'mark': {
      const hex = /^0x([0-9a-fA-F]{1,8})$/.exec(text);
      const value = hex ? Number.parseInt(hex[1], 16) : parseUnsigned(text);
      return value !== undefined && value <= 0xffffffff
        ? { ok: true, part: { kind: 'mark', value } }
        : fail(`invalid mark ${JSON.stringify(text)}`);
    }
    case 'set':
      return text.length > 0 && text.length <= 31
        ? { ok: true, part: { kind: 'set', name: text } }
        : fail(`invalid set name ${JSON.stringify(text)}`);
  }
}
