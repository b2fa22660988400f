import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Trace } from '@hookpath/engine';
import { dropReasonOf } from '../conformance-ovn/engine-expectation';
import { parseOvnTraceDetailed, type OvnHeaders, type OvnTrace } from '../conformance-ovn/ovn-trace-detailed';

/** One frame a stand-in carried where OVN would, declared by lib.sh's `crossing`. */
export interface Crossing {
  direction: 'request' | 'reply';
  name: string;
  /** `<host>:<iface>` where the stand-in delivered it (the interface bound to OVN's output port). */
  at: string;
  wire: string;
  trace: string;
  cmd: string;
}

interface WireFrame {
  ethSrc: string;
  ethDst: string;
  src: string;
  dst: string;
  ttl: number;
  sport?: number;
  dport?: number;
}

export function readCrossings(caseDir: string): Crossing[] {
  const file = join(caseDir, 'crossings.jsonl');
  return existsSync(file)
    ? readFileSync(file, 'utf8')
        .split('\n')
        .filter((l) => l !== '')
        .map((l) => JSON.parse(l) as Crossing)
    : [];
}

export function oracleOf(caseDir: string, c: Crossing): { text: string; trace: OvnTrace } {
  const text = readFileSync(join(caseDir, c.trace), 'utf8');
  const lbDst = /--lb-dst (\S+)/.exec(c.cmd)?.[1];
  return { text, trace: parseOvnTraceDetailed(text, lbDst === undefined ? {} : { lbDst }) };
}

const frameOf = (h: OvnHeaders, withPorts: boolean): WireFrame => ({
  ethSrc: h.ethSrc.toLowerCase(),
  ethDst: h.ethDst.toLowerCase(),
  src: h.src,
  dst: h.dst ?? '?',
  ttl: h.ttl,
  ...(withPorts ? { sport: h.sport, dport: h.dport } : {}),
});

/**
 * The stand-in against ovn-trace: when ovn-trace outputs the frame to a port, that port is bound to
 * the interface where the stand-in delivered it and the first frame there has the headers ovn-trace
 * gives (MACs, addresses, ports, TTL); when ovn-trace drops it, the stand-in delivered nothing.
 */
export function checkStandIn(caseDir: string, c: Crossing, bindings: Map<string, string>): string[] {
  const { trace } = oracleOf(caseDir, c);
  const wireFile = join(caseDir, c.wire);
  const frames = existsSync(wireFile)
    ? readFileSync(wireFile, 'utf8')
        .split('\n')
        .filter((l) => l !== '')
        .map((l) => JSON.parse(l) as WireFrame)
    : [];
  const o = trace.outcome;
  if (trace.errors.length > 0) return [`ovn-trace reported errors: ${trace.errors.join('; ')}`];
  if (o.kind === 'drop')
    return frames.length === 0
      ? []
      : [`ovn-trace drops it at ${o.datapath}/${o.stage}, but the stand-in delivered ${JSON.stringify(frames[0])} at ${c.at}`];
  if (o.kind !== 'output') return [`ovn-trace neither outputs nor drops it (${o.kind})`];
  const problems: string[] = [];
  if (bindings.get(o.port) !== c.at)
    problems.push(`ovn-trace outputs to ${o.port}, bound to ${bindings.get(o.port) ?? 'nothing'}, but the stand-in delivered at ${c.at}`);
  const first = frames[0];
  if (first === undefined) return [...problems, `ovn-trace outputs to ${o.port}, but the stand-in delivered nothing at ${c.at}`];
  const withPorts = first.sport !== undefined;
  const want = frameOf(o.headers, withPorts);
  const got: WireFrame = {
    ethSrc: first.ethSrc,
    ethDst: first.ethDst,
    src: first.src,
    dst: first.dst,
    ttl: first.ttl,
    ...(withPorts ? { sport: first.sport, dport: first.dport } : {}),
  };
  if (JSON.stringify(got) !== JSON.stringify(want))
    problems.push(`the stand-in delivered ${JSON.stringify(got)} at ${c.at}; ovn-trace outputs ${JSON.stringify(want)} to ${o.port}`);
  return problems;
}

interface OvnStepView {
  kind: string;
  host: string;
  datapath?: string;
  stage?: string;
  iface?: string | null;
  packetAfter?: { src?: string; dst?: string; sport?: number; dport?: number; ethSrc?: string; ethDst?: string; ttl?: number };
}

/** Consecutive duplicates removed: the logical datapaths in the order a packet crosses them. */
const hops = (names: string[]): string[] => names.filter((n, i) => n !== names[i - 1]);

/**
 * The engine's OVN part of one trace direction against ovn-trace: the datapaths crossed, every NAT
 * / LB rewrite (datapath, stage, new address), and the end of the OVN part — the output port with
 * the frame's MACs, addresses, ports and TTL, or the drop (reason by stage, last datapath/stage).
 */
export function compareOvnPart(caseDir: string, c: Crossing, t: Trace | undefined): string[] {
  if (t === undefined) return [`${c.direction}: the engine gave no trace for this direction`];
  const { trace } = oracleOf(caseDir, c);
  const steps = (t.steps as unknown as OvnStepView[]).filter((s) => s.kind === 'ovn');
  const problems: string[] = [];
  const wantHops = hops(trace.stages.filter((s) => s.generated === null).map((s) => s.datapath));
  const gotHops = hops(steps.map((s) => s.datapath ?? s.host));
  if (JSON.stringify(gotHops) !== JSON.stringify(wantHops))
    problems.push(`datapaths: ovn-trace ${wantHops.join(' -> ')}; engine ${gotHops.join(' -> ') || '(no OVN step)'}`);
  for (const n of trace.nat) {
    const stage = n.viaLbDst && n.stage.startsWith('ls_in_') ? 'ls_in_lb' : n.stage;
    const hit = steps.some(
      (s) =>
        s.datapath === n.datapath &&
        s.stage === stage &&
        s.packetAfter?.[n.field] === n.to &&
        (n.port === null || s.packetAfter?.dport === n.port),
    );
    if (!hit)
      problems.push(
        `NAT: ovn-trace ${n.action} at ${n.datapath}/${stage} ${n.field}=${n.to ?? '?'}${n.port === null ? '' : `:${n.port}`}; the engine has no such step`,
      );
  }
  const o = trace.outcome;
  if (o.kind === 'output') {
    const out = [...steps].reverse().find((s) => s.iface === o.port);
    const want = { port: o.port, ...frameOf(o.headers, !trace.microflow.startsWith('icmp')) };
    const pa = out?.packetAfter;
    const got =
      out === undefined
        ? null
        : {
            port: out.iface,
            ethSrc: pa?.ethSrc?.toLowerCase(),
            ethDst: pa?.ethDst?.toLowerCase(),
            src: pa?.src,
            dst: pa?.dst,
            ttl: pa?.ttl,
            ...('sport' in want ? { sport: pa?.sport, dport: pa?.dport } : {}),
          };
    if (JSON.stringify(got) !== JSON.stringify(want))
      problems.push(
        `output: ovn-trace ${JSON.stringify(want)}; engine ${got === null ? `no OVN step outputs to ${o.port}` : JSON.stringify(got)}`,
      );
  } else if (o.kind === 'drop') {
    const reason = dropReasonOf(o.stage, o.match, o.priority);
    const last = steps.at(-1);
    const got = `${t.disposition} ${t.dropReason ?? ''} at ${last?.datapath ?? '?'}/${last?.stage ?? '?'}`;
    const want = `DROPPED ${reason} at ${o.datapath}/${o.stage}`;
    if (got !== want) problems.push(`drop: ovn-trace ${want}; engine ${got}`);
  } else {
    problems.push(`ovn-trace outcome ${o.kind} is not compared here`);
  }
  return problems.map((p) => `${c.direction} crossing ${c.name}: ${p}`);
}
