/**
 * What an `ovn-trace --detailed` run (OVN 23.03) says happened, read from its text: every stage hit,
 * the NAT and load-balancing actions with their effect, the headers at each output, and the outcome.
 *
 * How the text is laid out (utilities/ovn-trace.c, ovntrace_node_print_details): a tree printed with
 * tail flattening. A node's last child is printed at the node's own indentation, so one packet's
 * story reads top to bottom; a child that is not the last one (a multicast group's copies, always)
 * is indented by four and is a side branch with its own copy of the packet. Titles (pipelines and
 * transformations such as `ct_snatin_czone(ip4.src=…)`, `ct_lb`, `arp`, `tcp_reset`) are underlined
 * with dashes; a stage is `<table>. <stage> (<northd.c:line>): <match>, priority <p>, uuid <u>`
 * followed by its actions, indented by four.
 */
import { applyAction, applyTitle, initialHeaders, type Walk } from './ovn-trace-walk';

export interface OvnHeaders {
  ethSrc: string;
  ethDst: string;
  src: string;
  /** null after a random load-balancer choice (the probe did not pin it with --lb-dst). */
  dst: string | null;
  sport: number;
  dport: number;
  ttl: number;
}

/** A packet ovn-trace made up instead of (or in answer to) the traced one. */
export interface OvnGenerated {
  /** `arp`, `icmp4` (an ICMP error), `tcp_reset`, `nd_ns`, …, or `icmp4-echo-reply` (rewritten in place). */
  kind: string;
  datapath: string;
  stage: string;
}

export interface OvnStage {
  datapath: string;
  pipeline: 'ingress' | 'egress';
  table: number;
  stage: string;
  match: string;
  priority: number;
  actions: string[];
  /** Set when the stage ran for a generated packet, not for the traced one. */
  generated: string | null;
}

/** A conntrack NAT, a load-balancer choice or a stateless rewrite that changed an address. */
export interface OvnNatAction {
  datapath: string;
  stage: string;
  /** As northd writes it: ct_snat, ct_dnat, ct_snat_in_czone, ct_dnat_in_czone, ct_lb, ct_lb_mark, or `ip4.src =` / `ip4.dst =` (stateless). */
  action: string;
  field: 'src' | 'dst';
  from: string | null;
  to: string | null;
  port: number | null;
  backends: string[];
  /** ct_lb without backends that took ovn-trace's --lb-dst (see README, "switch load balancers"). */
  viaLbDst: boolean;
}

export interface OvnOutput {
  datapath: string;
  port: string;
  /** The Port_Binding type ovn-trace prints: "" (a VIF), "localnet", … */
  type: string;
  headers: OvnHeaders;
  generated: OvnGenerated | null;
}

export interface OvnDrop {
  datapath: string;
  stage: string;
  match: string;
  priority: number;
  generated: string | null;
}

export type OvnOutcome =
  | { kind: 'output'; datapath: string; port: string; type: string; headers: OvnHeaders }
  | { kind: 'drop'; datapath: string; stage: string; match: string; priority: number; flood: boolean }
  /**
   * `reached`: the localnet ports the ARP request itself was output to (someone beyond may answer;
   * VIFs with known addresses do not answer for an address that is not theirs).
   */
  | { kind: 'arp-request'; datapath: string; stage: string; address: string; reached: string[] }
  | { kind: 'reply'; generator: string; datapath: string; stage: string; output: OvnOutput | null }
  | { kind: 'none'; datapath: string; stage: string };

export interface OvnTrace {
  microflow: string;
  stages: OvnStage[];
  nat: OvnNatAction[];
  outputs: OvnOutput[];
  drops: OvnDrop[];
  /** Outputs suppressed because the copy would go back out of its inport. */
  omitted: { datapath: string; port: string }[];
  /** `*** …` lines: ovn-trace's own errors inside the trace. */
  errors: string[];
  generated: OvnGenerated[];
  outcome: OvnOutcome;
}

export interface OvnTraceOptions {
  /** The probe's `--lb-dst ip[:port]`, which ovn-trace applies to load balancing. */
  lbDst?: string;
}

interface Line {
  indent: number;
  text: string;
  title: boolean;
}

const TABLE = /^(\d+)\. (\S+) \(([^)]*)\): (.*), priority (\d+), uuid ([0-9a-f]+)$/;

function lex(text: string): Line[] {
  const raw = text.split('\n');
  const lines: Line[] = [];
  for (let i = 0; i < raw.length; i += 1) {
    const line = raw[i] ?? '';
    const body = line.trim();
    if (body === '' || /^-+$/.test(body)) continue;
    const next = (raw[i + 1] ?? '').trim();
    const title = /^-+$/.test(next) && next.length === body.length;
    lines.push({ indent: line.length - line.trimStart().length, text: body, title });
  }
  return lines;
}

/** Walks lines[start, end) whose story is told at indentation `base`; side branches recurse. */
function walkBlock(lines: readonly Line[], start: number, end: number, base: number, walk: Walk): void {
  let i = start;
  while (i < end) {
    const line = lines[i] as Line;
    if (line.title && line.indent > base) {
      let j = i + 1;
      while (j < end && (lines[j] as Line).indent > line.indent) j += 1;
      const branch = walk.fork();
      applyTitle(branch, line.text);
      walkBlock(lines, i + 1, j, line.indent + 4, branch);
      i = j;
      continue;
    }
    if (line.title) {
      applyTitle(walk, line.text);
    } else {
      const table = Math.floor(line.indent / 4) * 4 === base ? TABLE.exec(line.text) : null;
      if (table !== null) {
        walk.enterStage({
          table: Number(table[1]),
          stage: table[2] ?? '',
          match: table[4] ?? '',
          priority: Number(table[5]),
        });
      } else {
        applyAction(walk, line.text);
      }
    }
    i += 1;
  }
}

/** Parses `ovn-trace --detailed` output. Throws when the text is not such an output. */
export function parseOvnTraceDetailed(text: string, options: OvnTraceOptions = {}): OvnTrace {
  const lines = lex(text);
  const first = lines[0];
  if (first === undefined || !first.text.startsWith('# '))
    throw new Error('not ovn-trace --detailed output: no "# <microflow>" first line');
  const microflow = first.text.slice(2);
  const walk = initialHeaders(microflow, options);
  walkBlock(lines, 1, lines.length, 0, walk);
  if (walk.result.stages.length === 0) throw new Error('not ovn-trace --detailed output: no pipeline stage');
  return walk.finish();
}
