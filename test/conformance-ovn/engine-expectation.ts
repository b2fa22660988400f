/**
 * What the engine's trace must say, derived from ovn-trace alone, and the same view read from the
 * engine's trace. Nothing on the expected side comes from the engine: when ovn-trace shows no NAT,
 * the expected addresses are the probe's own.
 */
import type { Trace } from '@hookpath/engine';
import type { OvnNatAction, OvnTrace } from './ovn-trace-detailed';

/** The fields of a `kind: "ovn"` step this comparison reads (TRACE-CONTRACT "OVN steps"). */
interface OvnStepView {
  kind: string;
  datapath?: string;
  stage?: string;
  explanation?: string;
  packetAfter?: { src?: string; dst?: string; sport?: number; dport?: number; ethSrc?: string; ethDst?: string; ttl?: number };
}

interface EndView {
  host: string | null;
  iface?: string | null;
  src?: string;
  dst?: string;
  sport?: number;
  dport?: number;
  ethSrc?: string;
  ethDst?: string;
  ttl?: number;
}

/** Every key present in an expectation is compared; the actual view is built with the same keys. */
export interface Expectation {
  disposition: string;
  dropReason?: string | null;
  end?: EndView;
  /** `<datapath>/<stage>` of the engine's last OVN step (a drop, an ARP request). */
  lastStage?: string;
  /** `<datapath>/<stage>` that must appear among the engine's OVN steps (the stage that answered). */
  answeredAt?: string;
  /** The address the last step's explanation names (an ARP request: NO_NEIGHBOR, or UNKNOWN when it leaves OVN). */
  neighbour?: string;
  /** One `<datapath>/<stage> <field>=<address>[:port]` per NAT / LB action ovn-trace took. */
  nat: string[];
}

/**
 * Why a drop happened, from the stage ovn-trace dropped in:
 * an ACL stage -> OVN_ACL; lr_in_policy -> OVN_POLICY; lr_in_ip_routing on its priority-0 `1` flow
 * (no route matched) -> OVN_NO_ROUTE, on a route's own flow (a discard route) -> OVN_DISCARD;
 * lr_in_ip_input or lr_in_arp_resolve (traffic to an IP the router owns that it neither answers nor
 * un-NATs: its port IP for TCP from outside, an snat-only external IP) -> OVN_ROUTER_IP;
 * ls_in_l2_unknown (unknown destination MAC, or a flood that reached no other port) -> OVN_L2_UNKNOWN;
 * port security stages, and ls_in_l2_lkup (a frame for a disabled port) -> OVN_PORT_SECURITY; lr_in_admission -> OVN_ADMISSION; else OVN_DROP.
 */
export function dropReasonOf(stage: string, match: string, priority: number): string {
  if (/_acl\b|_acl_/.test(stage)) return 'OVN_ACL';
  if (stage === 'lr_in_policy') return 'OVN_POLICY';
  if (stage === 'lr_in_ip_routing') return match === '1' && priority === 0 ? 'OVN_NO_ROUTE' : 'OVN_DISCARD';
  if (stage === 'lr_in_ip_input' || stage === 'lr_in_arp_resolve') return 'OVN_ROUTER_IP';
  if (stage === 'ls_in_l2_unknown') return 'OVN_L2_UNKNOWN';
  // ls_in_l2_lkup drops only a frame for a disabled port's MAC (its enabled=false).
  if (/port_sec/.test(stage) || stage === 'ls_in_l2_lkup') return 'OVN_PORT_SECURITY';
  if (stage === 'lr_in_admission') return 'OVN_ADMISSION';
  return 'OVN_DROP';
}

/**
 * ovn-trace applies --lb-dst at the first ct_lb without backends (a switch's ls_in_pre_stateful),
 * as if the connection existed, so the load balancer's own stage never shows; the engine's step for
 * that choice is the switch's ls_in_lb.
 */
function natStage(n: OvnNatAction): string {
  return n.viaLbDst && n.stage.startsWith('ls_in_') ? 'ls_in_lb' : n.stage;
}

const natText = (n: OvnNatAction): string => `${n.datapath}/${natStage(n)} ${n.field}=${n.to ?? '?'}${n.port === null ? '' : `:${n.port}`}`;

export function expectationOf(oracle: OvnTrace): Expectation {
  const nat = oracle.nat.map(natText);
  const o = oracle.outcome;
  switch (o.kind) {
    case 'output': {
      const h = o.headers;
      return {
        disposition: 'EXITED',
        dropReason: null,
        end: {
          host: o.datapath,
          iface: o.port,
          src: h.src,
          dst: h.dst ?? '?',
          sport: h.sport,
          dport: h.dport,
          ethSrc: h.ethSrc,
          ethDst: h.ethDst,
          ttl: h.ttl,
        },
        nat,
      };
    }
    case 'drop':
      return { disposition: 'DROPPED', dropReason: dropReasonOf(o.stage, o.match, o.priority), lastStage: `${o.datapath}/${o.stage}`, nat };
    case 'arp-request':
      // The ARP request leaves OVN (by a localnet port): whoever is beyond may answer, which the snapshot
      // cannot tell. It reaches no port: nobody can, and the packet is dropped.
      if (o.reached.length > 0) return { disposition: 'UNKNOWN', lastStage: `${o.datapath}/${o.stage}`, neighbour: o.address, nat };
      return { disposition: 'DROPPED', dropReason: 'NO_NEIGHBOR', lastStage: `${o.datapath}/${o.stage}`, neighbour: o.address, nat };
    case 'reply':
      if (o.generator === 'icmp4-echo-reply')
        return { disposition: 'DELIVERED', end: { host: o.datapath }, answeredAt: `${o.datapath}/${o.stage}`, nat };
      return { disposition: 'REJECTED', answeredAt: `${o.datapath}/${o.stage}`, nat };
    case 'none':
      return { disposition: 'DROPPED', lastStage: `${o.datapath}/${o.stage}`, nat };
  }
}

const ovnSteps = (t: Trace): OvnStepView[] => (t.steps as unknown as OvnStepView[]).filter((s) => s.kind === 'ovn');
const where = (s: OvnStepView | undefined): string =>
  s === undefined ? '(no ovn step)' : `${s.datapath ?? '(no datapath)'}/${s.stage ?? '(no stage)'}`;

/** The engine's trace seen through the keys of `expected`. */
export function engineView(t: Trace, expected: Expectation, oracle: OvnTrace): Expectation {
  const steps = ovnSteps(t);
  const view: Expectation = { disposition: t.disposition, nat: [] };
  if ('dropReason' in expected) view.dropReason = t.dropReason;
  if (expected.end !== undefined) {
    const end = t.end as (Trace['end'] & { packet: EndView }) | null;
    const keys = Object.keys(expected.end) as (keyof EndView)[];
    const full: EndView = { host: end?.host ?? null, iface: end?.iface ?? null, ...(end?.packet ?? {}) };
    view.end = Object.fromEntries(keys.map((k) => [k, full[k] ?? null])) as unknown as EndView;
  }
  if (expected.lastStage !== undefined) view.lastStage = where(steps.at(-1));
  if (expected.answeredAt !== undefined) {
    view.answeredAt = steps.some((s) => where(s) === expected.answeredAt)
      ? expected.answeredAt
      : `not among ${steps.map(where).join(', ')}`;
  }
  if (expected.neighbour !== undefined) {
    const text = t.steps.at(-1)?.explanation ?? '';
    view.neighbour = text.includes(expected.neighbour) ? expected.neighbour : `not in the last step's explanation ${JSON.stringify(text)}`;
  }
  view.nat = oracle.nat.map((n) => {
    const want = natText(n);
    const step = steps.find(
      (s) =>
        s.datapath === n.datapath &&
        s.stage === natStage(n) &&
        s.packetAfter?.[n.field] === n.to &&
        (n.port === null || s.packetAfter?.dport === n.port),
    );
    return step !== undefined ? want : `missing: ${want}`;
  });
  return view;
}
