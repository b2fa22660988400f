import { runIn, type CommandResult, type Place } from './run-command';
import { captureIptables, IPTABLES_COMMANDS } from './capture-iptables';

/** One host folder's files, and what the user should know about how they were captured. */
export interface HostCapture {
  files: Map<string, string>;
  warnings: string[];
  notes: string[];
}

/** A capture that cannot be skipped: without it the host is not a host. */
export class CaptureError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CaptureError';
  }
}

function failure(argv: readonly string[], result: CommandResult): string {
  const detail = result.stderr.trim().split('\n')[0] ?? '';
  return `\`${argv.join(' ')}\` ${result.found ? `exited with status ${result.code}` : 'is not installed'}${detail !== '' && result.found ? `: ${detail}` : ''}`;
}

/** The iproute2 JSON dumps every host needs (SNAPSHOT-LAYOUT.md). */
const REQUIRED: readonly { file: string; argv: readonly string[] }[] = [
  { file: 'ip-addr.json', argv: ['ip', '-j', '-d', 'addr', 'show'] },
  { file: 'ip-link.json', argv: ['ip', '-j', '-d', 'link', 'show'] },
  { file: 'ip-route.json', argv: ['ip', '-j', 'route', 'show', 'table', 'all'] },
  { file: 'ip-rule.json', argv: ['ip', '-j', 'rule', 'show'] },
];

/** Dumps that may be missing: the file is then left out ("not captured"), with a warning. */
const OPTIONAL: readonly { file: string; argv: readonly string[] }[] = [
  { file: 'ipset.txt', argv: ['ipset', 'save'] },
  { file: 'bridge-fdb.json', argv: ['bridge', '-j', 'fdb', 'show'] },
  { file: 'neigh.json', argv: ['ip', '-j', 'neigh', 'show'] },
];

/**
 * Only `net.*` is namespaced network state, and of it the simulation reads `net.ipv4.*` (the
 * per-interface `conf.<iface>.*`, `ip_forward`, `vs.*`, the ICMP error settings), `net.bridge.*`
 * (br_netfilter) and `net.netfilter.*` (conntrack). `sysctl net.ipv4 net.bridge net.netfilter`
 * prints the lines of `sysctl -a` under those prefixes, byte for byte (procps-ng and busybox walk
 * each folder as -a does; the prefixes come in the order given), and skips `net.ipv6` (its
 * per-interface `conf.<iface>.*` and `neigh.<iface>.*` are over half of `sysctl net` on a node with
 * many veths), `net.core` and the rest: procps-ng resolves every key's path one component at a
 * time, and with many network namespaces in the kernel each lookup under /proc/sys/net costs more.
 * Only `net.` lines are kept. A prefix that does not exist (`net.bridge` without br_netfilter) and
 * keys sysctl cannot read go to stderr and make it exit non-zero while stdout is complete, so the
 * status is ignored when lines were printed.
 */
const SYSCTL = ['sysctl', 'net.ipv4', 'net.bridge', 'net.netfilter'] as const;
const CONNTRACK = ['conntrack', '-L', '-o', 'extended'] as const;
const IPVS_PROBE = ['cat', '/proc/net/ip_vs'] as const;
const IPVSADM = ['ipvsadm', '-Sn'] as const;

async function captureSysctl(place: Place, out: HostCapture): Promise<void> {
  const argv = SYSCTL;
  const result = await runIn(place, argv);
  const lines = result.stdout.split('\n').filter((line) => line.startsWith('net.'));
  if (lines.length === 0) {
    out.warnings.push(`sysctl.txt not written: ${failure(argv, result)}`);
    return;
  }
  out.files.set('sysctl.txt', `${lines.join('\n')}\n`);
}

/**
 * `conntrack -L` prints the entries on stdout and its summary ("N flow entries have been shown")
 * on stderr; an empty table is an empty file. Without nf_conntrack the command fails: no file.
 */
async function captureConntrack(place: Place, out: HostCapture): Promise<void> {
  const argv = CONNTRACK;
  const result = await runIn(place, argv);
  if (!result.found || result.code !== 0) {
    out.warnings.push(`conntrack.txt not written: ${failure(argv, result)}`);
    return;
  }
  out.files.set('conntrack.txt', result.stdout);
}

/**
 * IPVS exists in a namespace once ip_vs is loaded (it registers /proc/net/ip_vs per namespace);
 * checking the file first keeps ipvsadm from loading the module on hosts that do not use IPVS.
 */
async function captureIpvs(place: Place, out: HostCapture): Promise<void> {
  const probe = await runIn(place, IPVS_PROBE);
  if (probe.code !== 0) return;
  const argv = IPVSADM;
  const result = await runIn(place, argv);
  if (!result.found) {
    out.notes.push('IPVS is loaded but ipvsadm is not installed: ipvsadm.txt not captured');
    return;
  }
  if (result.code !== 0) {
    out.warnings.push(`ipvsadm.txt not written: ${failure(argv, result)}`);
    return;
  }
  out.files.set('ipvsadm.txt', result.stdout);
}

/**
 * A node's Open vSwitch (`ovs-interfaces.json`, optional, SNAPSHOT-LAYOUT.md): `probe` succeeds where
 * the node runs OVS (its database socket exists), then `list` prints the Interface table, whose
 * `external_ids:iface-id` names the OVN logical switch port each interface plugs in. A node without
 * OVS has no file and no warning; a probe that succeeds and a list that fails is a warning.
 */
export interface NodeOvsCommands {
  probe: readonly string[];
  list: readonly string[];
}

/** The Open vSwitch of the host hookpath runs on (`hookpath collect` of the current namespace). */
export const LOCAL_OVS: NodeOvsCommands = {
  probe: ['sh', '-c', 'test -S "${OVS_RUNDIR:-/var/run/openvswitch}/db.sock"'],
  list: ['ovs-vsctl', '-f', 'json', 'list', 'Interface'],
};

async function captureOvsInterfaces(place: Place, ovs: NodeOvsCommands, out: HostCapture): Promise<void> {
  const probe = await runIn(place, ovs.probe);
  if (probe.code !== 0) return;
  const result = await runIn(place, ovs.list);
  const detail = result.stderr.trim().split('\n')[0] ?? '';
  if (result.code !== 0)
    out.warnings.push(`ovs-interfaces.json not written: ovs-vsctl exited with status ${result.code}${detail === '' ? '' : `: ${detail}`}`);
  else out.files.set('ovs-interfaces.json', result.stdout);
}

/** Runs every command of SNAPSHOT-LAYOUT.md for one network namespace; `ovs` for a node's own OVS. */
export async function captureHost(place: Place, ovs?: NodeOvsCommands): Promise<HostCapture> {
  const out: HostCapture = { files: new Map(), warnings: [], notes: [] };
  for (const { file, argv } of REQUIRED) {
    const result = await runIn(place, argv);
    if (result.code !== 0) throw new CaptureError(`${place.label}: ${failure(argv, result)}`);
    out.files.set(file, result.stdout);
  }
  await captureIptables(place, out);
  for (const { file, argv } of OPTIONAL) {
    const result = await runIn(place, argv);
    if (result.code !== 0) out.warnings.push(`${file} not written: ${failure(argv, result)}`);
    else out.files.set(file, result.stdout);
  }
  await captureSysctl(place, out);
  await captureConntrack(place, out);
  await captureIpvs(place, out);
  if (ovs !== undefined) await captureOvsInterfaces(place, ovs, out);
  return out;
}

/** Commands of HOST_COMMANDS that `captureHost` runs only when another one succeeded. */
export const HOST_COMMAND_GUARDS: ReadonlyMap<readonly string[], readonly string[]> = new Map([[IPVSADM, IPVS_PROBE]]);

/** Every command `captureHost` may run in a host, in the order it runs them (the documented list). */
export const HOST_COMMANDS: readonly (readonly string[])[] = [
  ...REQUIRED.map((c) => c.argv),
  ...IPTABLES_COMMANDS,
  ...OPTIONAL.map((c) => c.argv),
  SYSCTL,
  CONNTRACK,
  IPVS_PROBE,
  IPVSADM,
];
