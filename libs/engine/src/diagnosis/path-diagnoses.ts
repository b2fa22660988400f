import type { Host } from '@hookpath/model';
import { parseIpv4 } from '../net/ipv4';
import type { CompiledSnapshot } from '../walk/compiled';
import { addressOwner, findInterface, interfacesOf, ipv4AddressesOf } from '../routing/addresses';
import { sysctlNumber } from '../routing/sysctl';
import type { Diagnosis, Trace, TraceStep } from '../trace/trace';

/** An `interface` step that says the packet came in (arrive.ts phrases it `arrives on <host>:<if>`). */
export function isArrival(s: TraceStep): boolean {
  return s.kind === 'interface' && s.iface !== undefined && s.explanation.startsWith('arrives on ');
}

/** An `interface` step that says the packet went out (egress.ts phrases it `leaves <host> by <if>`). */
export function isDeparture(s: TraceStep): boolean {
  return s.kind === 'interface' && s.iface !== undefined && s.explanation.startsWith('leaves ');
}

function hostOf(compiled: CompiledSnapshot, name: string): Host | null {
  return compiled.hosts.get(name)?.host ?? null;
}

function hasInterfaceWithoutIpv4(host: Host): boolean {
  return interfacesOf(host).some((i) => ipv4AddressesOf(i).length === 0);
}

function firstAddress(host: Host, iface: string): string | null {
  const i = findInterface(host, iface);
  if (i === undefined) return null;
  return ipv4AddressesOf(i).find((a) => !a.secondary)?.address ?? null;
}

/**
 * MASQUERADE took an address of another interface because the egress interface has none
 * (inet_select_addr, oracle fact 10): replies come back to that other interface's address.
 */
export function masqueradeSourceDiagnoses(compiled: CompiledSnapshot, trace: Trace): Diagnosis[] {
  const out: Diagnosis[] = [];
  trace.steps.forEach((s, i) => {
    if (s.kind !== 'netfilter' || s.verdict !== 'MASQUERADE' || s.packetAfter === undefined) return;
    const host = hostOf(compiled, s.host);
    // the egress interface must have no IPv4 address: a host whose interfaces all have one has no such egress
    if (host === null || !hasInterfaceWithoutIpv4(host)) return;
    const leave = trace.steps.slice(i + 1).find((x) => x.host === s.host && isDeparture(x));
    if (leave?.iface === undefined) return;
    const egress = findInterface(host, leave.iface);
    if (egress === undefined || ipv4AddressesOf(egress).length > 0) return;
    const chosen = s.packetAfter.src;
    const value = parseIpv4(chosen);
    const owner = value === null ? null : addressOwner(host, value);
    const ownerIface = owner?.iface ?? 'another interface';
    out.push({
      code: 'MASQUERADE_SOURCE_NOT_ON_EGRESS_INTERFACE',
      message:
        `On ${s.host} \`${s.rule ?? 'MASQUERADE'}\` rewrites the source to ${chosen}, an address of ${ownerIface}, because the egress interface ${leave.iface} has no IPv4 address ` +
        `(the kernel's inet_select_addr then takes the first global address of another interface). Replies are addressed to ${chosen} and come back where the network delivers ${chosen} ` +
        `(${ownerIface}), not through ${leave.iface}: the connection's path is asymmetric.`,
      fix:
        `in ${s.host}: ip addr add <an address of ${leave.iface}'s network>/<prefix> dev ${leave.iface} (MASQUERADE then uses it); ` +
        `or in ${s.host}: iptables -t nat -I POSTROUTING -o ${leave.iface} -j SNAT --to-source <an address routed back to ${leave.iface}>`,
      host: s.host,
      evidence: [
        `${s.host} ${s.table ?? 'nat'}/${s.chain ?? 'POSTROUTING'}: ${s.rule ?? ''} -> source ${chosen}`,
        `${s.host} ip addr: ${leave.iface} has no IPv4 address; ${chosen} is on ${ownerIface}`,
        `${s.host}: ${leave.explanation}`,
      ],
    });
  });
  return out;
}

/** ip_forward (or the arrival interface's forwarding) is 0 on a host the packet must cross. */
export function ipForwardDiagnosis(compiled: CompiledSnapshot, trace: Trace): Diagnosis | null {
  if (trace.disposition !== 'DROPPED' || trace.dropReason !== 'NOT_FORWARDING' || trace.end === null) return null;
  const hostName = trace.end.host;
  const host = hostOf(compiled, hostName);
  const drop = [...trace.steps].reverse().find((s) => s.host === hostName && s.kind === 'drop');
  const arrival = [...trace.steps].reverse().find((s) => s.host === hostName && isArrival(s));
  const iif = drop?.iface ?? arrival?.iface ?? null;
  const cmds = ['sysctl -w net.ipv4.ip_forward=1'];
  if (host !== null && iif !== null && sysctlNumber(host, `net.ipv4.conf.${iif.replace(/\./g, '/')}.forwarding`) === 0) {
    cmds.push(`sysctl -w net.ipv4.conf.${iif.replace(/\./g, '/')}.forwarding=1`);
  }
  const value = host === null ? null : sysctlNumber(host, 'net.ipv4.ip_forward');
  return {
    code: 'IP_FORWARD_DISABLED',
    message: `${hostName} must forward the packet ${trace.end.packet.src} -> ${trace.end.packet.dst}${iif === null ? '' : ` (in on ${iif})`} to another host, but IP forwarding is off there, so the kernel drops it.`,
    fix: `in ${hostName}: ${cmds.join(' && ')}`,
    host: hostName,
    evidence: [`${hostName} sysctl: net.ipv4.ip_forward = ${value ?? '0 (not captured: the kernel default)'}`],
  };
}

/** The reply (or a hop on its way) has no route to the request's source. */
export function noRouteBackDiagnosis(compiled: CompiledSnapshot, request: Trace, reply: Trace): Diagnosis | null {
  if (reply.disposition !== 'DROPPED' || reply.dropReason !== 'NO_ROUTE' || reply.end === null) return null;
  const hostName = reply.end.host;
  const dst = reply.end.packet.dst;
  // The request's last hop into this host is the way back.
  const arrivalAt = request.steps.findIndex((s) => s.host === hostName && isArrival(s));
  let via: string | null = null;
  let dev: string | null = null;
  if (arrivalAt >= 0) {
    dev = request.steps[arrivalAt].iface ?? null;
    const before = request.steps
      .slice(0, arrivalAt)
      .reverse()
      .find((s) => isDeparture(s));
    const prev = before === undefined ? null : hostOf(compiled, before.host);
    if (before?.iface !== undefined && prev !== null) via = firstAddress(prev, before.iface);
  }
  const route =
    via === null
      ? `ip route add ${dst}/32${dev === null ? '' : ` dev ${dev}`}`
      : `ip route add ${dst}/32 via ${via}${dev === null ? '' : ` dev ${dev}`}`;
  return {
    code: 'NO_ROUTE_BACK',
    message:
      `${hostName} received the request from ${dst}, but has no route back to ${dst}: the reply is dropped before it leaves${via === null ? '' : ` (the request came from ${via}${dev === null ? '' : ` on ${dev}`})`}.` +
      ' Either the request should not carry this source (a missing SNAT upstream) or this host needs a route to it.',
    fix: `in ${hostName}: ${route}; or translate the source on the way in (SNAT/MASQUERADE on the host that forwards the request)`,
    host: hostName,
    evidence: [
      `${hostName}: ${reply.steps
        .filter((s) => s.host === hostName && (s.kind === 'routing' || s.kind === 'drop'))
        .map((s) => s.explanation)
        .join(' / ')}`,
    ],
  };
}

/**
 * The request was translated by conntrack on a host whose bridge then forwarded the reply at
 * layer 2 without iptables (br_netfilter absent or bridge-nf-call-iptables 0), so the reply kept
 * the backend's own address (seed 003).
 */
export function bridgeNfDiagnosis(compiled: CompiledSnapshot, request: Trace, reply: Trace): Diagnosis | null {
  for (const host of new Set(reply.steps.filter((s) => s.kind === 'bridge').map((s) => s.host))) {
    const natStep = request.steps.find(
      (s) => s.host === host && s.kind === 'netfilter' && (s.verdict === 'DNAT' || s.verdict === 'REDIRECT'),
    );
    if (natStep === undefined) continue;
    const replyHere = reply.steps.filter((s) => s.host === host);
    if (replyHere.some((s) => s.kind === 'netfilter' || s.kind === 'conntrack')) continue;
    const h = hostOf(compiled, host);
    const value = h === null ? null : sysctlNumber(h, 'net.bridge.bridge-nf-call-iptables');
    const bridged = replyHere.find((s) => s.kind === 'bridge');
    const end = reply.end?.packet ?? null;
    return {
      code: 'BRIDGE_NF_CALL_IPTABLES_DISABLED',
      message:
        `On ${host} the request was translated by \`${natStep.rule ?? natStep.verdict ?? 'DNAT'}\` (conntrack remembers it), but the reply is bridged at layer 2 ` +
        `${value === null ? '(br_netfilter is not loaded: no net.bridge.* sysctls)' : `(net.bridge.bridge-nf-call-iptables = ${value})`} and never passes conntrack, so the translation is not reversed` +
        `${end === null ? '' : `: it arrives from ${end.src}${reply.packet.proto === 'icmp' ? '' : `:${end.sport}`}, the backend's own address, instead of ${request.packet.dst}${request.packet.dport === undefined ? '' : `:${request.packet.dport}`}`}.`,
      fix: `in ${host}: modprobe br_netfilter && sysctl -w net.bridge.bridge-nf-call-iptables=1`,
      host,
      evidence: [
        `request on ${host}: ${natStep.table ?? 'nat'}/${natStep.chain ?? ''} ${natStep.rule ?? ''}`,
        ...(bridged === undefined ? [] : [`reply on ${host}: ${bridged.explanation}`]),
        `${host} sysctl: net.bridge.bridge-nf-call-iptables = ${value ?? '(absent: br_netfilter not loaded)'}`,
      ],
    };
  }
  return null;
}
