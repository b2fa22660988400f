import { parseArgs } from 'node:util';
import { flowProtocol } from '@hookpath/contracts';
import { parseIpv4, parseTcpFlags, type L4Protocol, type PacketSpec } from '@hookpath/engine';
import { UsageError } from '../cli-error';

export const TRACE_USAGE =
  'hookpath trace <snapshot-dir|snapshot.tar.gz> --from <place> --src <ip> --dst <ip> [-p tcp|udp|icmp] [--sport N] [--dport N] [--icmp-id N] [--mark 0xN] [--tcp-flags SYN,ACK] [--ttl N] [--backend <ip:port>] [--choose <next hop|chain>] [--round-trip] [--branch N|all] [--json]';

export interface TraceArgs {
  snapshot: string;
  from: string;
  packet: PacketSpec;
  roundTrip: boolean;
  json: boolean;
  /** The IPVS real server to follow (`ip:port`). */
  backend?: string;
  choose?: string;
  /** Which leaves of the tree of choices the text output shows in full (1-based), or every one; default the most likely. */
  branch?: number | 'all';
}

const PROTOCOLS: readonly L4Protocol[] = ['tcp', 'udp', 'icmp'];
const isProtocol = (value: string): value is L4Protocol => (PROTOCOLS as readonly string[]).includes(value);

function address(option: string, value: string | undefined): string {
  if (value === undefined) throw new UsageError(`--${option} <ip> is required\nusage: ${TRACE_USAGE}`);
  if (parseIpv4(value) === null) throw new UsageError(`--${option} ${JSON.stringify(value)} is not an IPv4 address`);
  return value;
}

function integer(option: string, value: string | undefined, min: number, max: number): number | undefined {
  if (value === undefined) return undefined;
  const parsed = /^0x[0-9a-f]+$/i.test(value) ? Number.parseInt(value.slice(2), 16) : /^[0-9]+$/.test(value) ? Number(value) : Number.NaN;
  if (!Number.isInteger(parsed) || parsed < min || parsed > max)
    throw new UsageError(`--${option} ${JSON.stringify(value)}: expected an integer from ${min} to ${max}`);
  return parsed;
}

/** `--backend <ip:port>`: an IPVS real server as `ipvsadm -Ln` lists it, or an OVN load balancer backend. */
function backend(value: string): string {
  const [ip, port, extra] = value.split(':');
  if (
    extra !== undefined ||
    ip === undefined ||
    parseIpv4(ip) === null ||
    port === undefined ||
    integer('backend', port, 0, 65535) === undefined
  ) {
    throw new UsageError(`--backend ${JSON.stringify(value)}: expected <ip>:<port> of an IPVS real server or OVN load balancer backend`);
  }
  return `${ip}:${Number(port)}`;
}

/**
 * The command line of TRACE-CONTRACT.md. Without `-p` the protocol follows the other options:
 * tcp when a port is given, otherwise icmp (an echo request).
 */
/** The options that say where a packet starts and what it is (shared with `hookpath submit trace`). */
export const PACKET_OPTIONS = {
  from: { type: 'string' },
  src: { type: 'string' },
  dst: { type: 'string' },
  proto: { type: 'string', short: 'p' },
  sport: { type: 'string' },
  dport: { type: 'string' },
  'icmp-id': { type: 'string' },
  mark: { type: 'string' },
  'tcp-flags': { type: 'string' },
  ttl: { type: 'string' },
  backend: { type: 'string' },
  choose: { type: 'string' },
} as const;

export function parseTraceArgs(args: string[]): TraceArgs {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      ...PACKET_OPTIONS,
      'round-trip': { type: 'boolean' },
      branch: { type: 'string' },
      json: { type: 'boolean' },
    },
  });
  const snapshot = positionals[0];
  if (snapshot === undefined) throw new UsageError(`a snapshot folder or .tar.gz is required\nusage: ${TRACE_USAGE}`);
  if (positionals.length > 1) throw new UsageError(`unexpected argument ${JSON.stringify(positionals[1])}\nusage: ${TRACE_USAGE}`);
  const from = values.from;
  if (from === undefined || from === '')
    throw new UsageError(`--from <place> is required (<host>, <host>:<iface> or ovn:<port>)\nusage: ${TRACE_USAGE}`);
  const src = address('src', values.src);
  const dst = address('dst', values.dst);
  const sport = integer('sport', values.sport, 1, 65535);
  const dport = integer('dport', values.dport, 1, 65535);
  const icmpId = integer('icmp-id', values['icmp-id'], 0, 65535);
  const mark = integer('mark', values.mark, 0, 0xffffffff);
  const ttl = integer('ttl', values.ttl, 1, 255);
  const proto = values.proto ?? flowProtocol({ sport, dport });
  if (!isProtocol(proto)) throw new UsageError(`-p ${JSON.stringify(proto)}: expected tcp, udp or icmp`);
  if (proto === 'icmp' && (sport !== undefined || dport !== undefined))
    throw new UsageError('--sport and --dport apply to tcp and udp, not icmp');
  if (proto !== 'icmp' && icmpId !== undefined) throw new UsageError(`--icmp-id applies to icmp, not ${proto}`);
  const tcpFlags = values['tcp-flags'] === undefined ? undefined : parseTcpFlags(values['tcp-flags']);
  if (tcpFlags !== undefined && 'error' in tcpFlags) throw new UsageError(`--tcp-flags ${tcpFlags.error}`);
  if (tcpFlags !== undefined && proto !== 'tcp') throw new UsageError(`--tcp-flags applies to tcp, not ${proto}`);
  const packet: PacketSpec = { src, dst, proto };
  if (sport !== undefined) packet.sport = sport;
  if (dport !== undefined) packet.dport = dport;
  if (icmpId !== undefined) packet.icmpId = icmpId;
  if (mark !== undefined) packet.mark = mark;
  if (tcpFlags !== undefined) packet.tcpFlags = tcpFlags.flags;
  if (ttl !== undefined) packet.ttl = ttl;
  const result: TraceArgs = { snapshot, from, packet, roundTrip: values['round-trip'] === true, json: values.json === true };
  if (values.backend !== undefined) result.backend = backend(values.backend);
  if (values.choose !== undefined) {
    if (parseIpv4(values.choose) === null && !/^[A-Za-z0-9_.:-]{1,64}$/.test(values.choose)) {
      throw new UsageError(
        `--choose ${JSON.stringify(values.choose)}: expected a next hop (an IPv4 address) of an OVN ECMP route, reroute policy or multipath route, a device, or the chain a statistic rule jumps to (KUBE-SEP-…)`,
      );
    }
    result.choose = values.choose;
  }
  if (values.branch !== undefined) {
    if (values.json === true) throw new UsageError('--branch chooses what the text output shows; --json already carries every branch');
    result.branch = values.branch === 'all' ? 'all' : (integer('branch', values.branch, 1, 4096) ?? 1);
  }
  return result;
}
