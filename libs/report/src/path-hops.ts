import type { Trace, TraceStep, Verdict } from '@hookpath/engine';
import { failed } from './decisive-step';

export type HopKind = 'host' | 'ovn-switch' | 'ovn-router';

/** One host or OVN datapath the packet crosses, in order (a place crossed twice is two hops). */
export interface Hop {
  /** The host folder name or the logical datapath. */
  place: string;
  kind: HopKind;
  /** 1-based numbers of its steps among the direction's steps. */
  first: number;
  last: number;
  /** What happened there, short lines in order: interfaces, rules that decided, NAT, OVN stages, chassis, MACs. */
  observations: string[];
  /** The packet was dropped, rejected or stopped (UNKNOWN) here. */
  stopped: boolean;
}

/** Netfilter verdicts worth a line in a hop's summary (jumps and returns are the route to them). */
function shown(verdict: Verdict | undefined): boolean {
  switch (verdict) {
    case 'ACCEPT':
    case 'DROP':
    case 'REJECT':
    case 'DNAT':
    case 'SNAT':
    case 'MASQUERADE':
    case 'REDIRECT':
    case 'TPROXY':
    case 'NOTRACK':
    case 'MARK':
    case 'CONNMARK':
    case 'POLICY_DROP':
    case 'UNKNOWN':
      return true;
    case 'RETURN':
    case 'JUMP':
    case 'GOTO':
    case 'CONTINUE':
    case 'LOG':
    case 'POLICY_ACCEPT':
    case undefined:
      return false;
  }
}

/** OVN stages whose decision is part of the story even without a northbound row. */
const OVN_STAGES = new Set([
  'lr_in_ip_routing',
  'lr_in_policy',
  'lr_in_gw_redirect',
  'lr_in_dnat',
  'lr_in_unsnat',
  'lr_out_snat',
  'ls_in_acl',
  'ls_out_acl',
  'ls_in_lb',
]);

function hopKind(steps: readonly TraceStep[]): HopKind {
  const stage = steps.find((s) => s.kind === 'ovn')?.stage;
  if (stage === undefined) return 'host';
  return stage.startsWith('lr_') ? 'ovn-router' : 'ovn-switch';
}

const endpoint = (address: string, port: number): string => (port === 0 ? address : `${address}:${port}`);

/** The header change a step made, `dst 10.96.0.10:80 → 10.244.0.3:8080`, or null. */
function translation(before: { src: string; dst: string; sport: number; dport: number }, step: TraceStep): string | null {
  const after = step.packetAfter;
  if (after === undefined) return null;
  const parts: string[] = [];
  if (after.src !== before.src || after.sport !== before.sport)
    parts.push(`src ${endpoint(before.src, before.sport)} → ${endpoint(after.src, after.sport)}`);
  if (after.dst !== before.dst || after.dport !== before.dport)
    parts.push(`dst ${endpoint(before.dst, before.dport)} → ${endpoint(after.dst, after.dport)}`);
  return parts.length === 0 ? null : parts.join(', ');
}

function by(step: TraceStep): string {
  switch (step.kind) {
    case 'netfilter':
      return `${step.table ?? ''} ${step.verdict ?? ''}`.trim();
    case 'ovn':
      return step.stage ?? 'ovn';
    case 'conntrack':
      return 'conntrack';
    case 'ipvs':
      return 'IPVS';
    case 'routing':
    case 'rp_filter':
    case 'bridge':
    case 'interface':
    case 'deliver':
    case 'drop':
      return step.kind;
  }
}

/** Where a route lookup sends the packet, from its explanation: `route: out eth1`, `route: local`. */
function routeLine(explanation: string): string | null {
  if (/deliver to this host/.test(explanation)) return 'route: local delivery';
  const out = /\bout ([A-Za-z0-9@._-]+)/.exec(explanation);
  return out === null ? null : `route: out ${out[1] ?? ''}`;
}

/** One short line per step that tells something (null for the steps the others already say). */
function observation(step: TraceStep, stop: boolean): string | null {
  switch (step.kind) {
    case 'interface': {
      const iface = step.iface ?? '';
      if (step.explanation.startsWith('arrives')) return `in ${iface}`;
      if (step.explanation.startsWith('leaves')) return `out ${iface}`;
      return iface === '' ? null : `port ${iface}`;
    }
    case 'netfilter':
      return shown(step.verdict) || stop
        ? `${step.hook ?? ''} ${step.table ?? ''}/${step.chain ?? ''}: ${step.verdict ?? ''}`.trim()
        : null;
    case 'routing':
      return stop ? step.explanation : routeLine(step.explanation);
    case 'rp_filter':
    case 'conntrack':
    case 'ipvs':
      return stop ? step.explanation : null;
    case 'bridge':
      return step.iface === undefined ? 'bridged' : `bridged → ${step.iface}`;
    case 'ovn':
      if (step.object !== undefined) return `${step.stage ?? ''}: ${step.object.text}`;
      return stop || OVN_STAGES.has(step.stage ?? '') ? `${step.stage ?? ''}${stop ? `: ${step.explanation}` : ''}` : null;
    case 'deliver':
      return stop ? step.explanation : 'delivered to a local socket';
    case 'drop':
      return `✗ ${step.explanation}`;
  }
}

/**
 * The places one direction of a trace crosses, in order, each with what happened there: the
 * node-path picture and the Markdown tree are both drawn from this.
 */
export function pathHops(trace: Trace): Hop[] {
  const hops: Hop[] = [];
  const stoppedHere = failed(trace.disposition);
  let packet = { src: trace.packet.src, dst: trace.packet.dst, sport: trace.packet.sport ?? 0, dport: trace.packet.dport ?? 0 };
  const groups: { place: string; steps: TraceStep[]; first: number }[] = [];
  trace.steps.forEach((step, i) => {
    const current = groups[groups.length - 1];
    if (current !== undefined && current.place === step.host) current.steps.push(step);
    else groups.push({ place: step.host, steps: [step], first: i + 1 });
  });
  groups.forEach((group, g) => {
    const isLast = g === groups.length - 1;
    const lines: string[] = [];
    let chassis: string | null = null;
    let macs: string | null = null;
    group.steps.forEach((step, i) => {
      const stop = isLast && stoppedHere && i === group.steps.length - 1;
      const line = observation(step, stop);
      if (line !== null) lines.push(line);
      const changed = translation(packet, step);
      if (changed !== null) lines.push(`${changed} (${by(step)})`);
      if (step.packetAfter !== undefined) {
        packet = { src: step.packetAfter.src, dst: step.packetAfter.dst, sport: step.packetAfter.sport, dport: step.packetAfter.dport };
        // The frame that leaves the place: an OVN stage's, or the one a host sends on an interface.
        const sends = step.kind === 'ovn' || (step.kind === 'interface' && step.explanation.startsWith('leaves'));
        const { ethSrc, ethDst } = step.packetAfter;
        if (sends && ethSrc !== undefined && ethDst !== undefined) macs = `eth ${ethSrc} → ${ethDst}`;
        else if (sends && ethSrc !== undefined) macs = `eth src ${ethSrc}`;
        else if (sends && ethDst !== undefined) macs = `eth dst ${ethDst}`;
      }
      if (step.chassis !== undefined && chassis === null) chassis = `chassis ${step.chassis}`;
    });
    if (chassis !== null) lines.push(chassis);
    if (macs !== null) lines.push(macs);
    hops.push({
      place: group.place,
      kind: hopKind(group.steps),
      first: group.first,
      last: group.first + group.steps.length - 1,
      observations: lines,
      stopped: isLast && stoppedHere,
    });
  });
  return hops;
}
