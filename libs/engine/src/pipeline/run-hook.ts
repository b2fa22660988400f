import { formatTuple, invertTuple, isDnat, isSnat, packetTuple, type Connection } from '../conntrack/connection';
import { applyBinding, recordManip, type ManipType } from '../conntrack/nat-binding';
import { translateRelated } from '../conntrack/related';
import { ctViewOf, describeTracked, stateOf, track, type Tracked } from '../conntrack/track';
import { staleConntrackDiagnosis } from './stale-conntrack';
import { HOOK_ORDER } from '../netfilter/hook-priorities';
import type { Hook } from '../packet/hooks';
import type { TableInput, TableResult } from '../netfilter/table-evaluation';
import type { Packet } from '../packet/packet';
import type { HostPass } from '../walk/host-pass';
import type { AfterEntry } from '../walk/position';
import { attachedOf, rejectError } from '../walk/error-reply';
import { addDiagnosis, addStep, dropped, packetView, type Outcome, type Walk } from '../walk/walk';

const manipOf = (hook: Hook): ManipType => (hook === 'PREROUTING' || hook === 'OUTPUT' ? 'DST' : 'SRC');

/** conntrack's lookup at PREROUTING/OUTPUT; an outcome when the snapshot cannot tell what it does. */
function conntrackStep(walk: Walk, pass: HostPass, hook: Hook): Outcome | null {
  const host = pass.node.host.name;
  const fields = { hook, priority: -200 };
  if (pass.keepConnection && pass.tracked !== null) {
    addStep(
      walk,
      host,
      'conntrack',
      pass.packet,
      `${pass.keptBecause ?? 'looped back through lo'}: keeps its connection (state ${stateOf(pass.tracked)})`,
      fields,
    );
    return null;
  }
  const result = pass.notrack ? { kind: 'untracked' as const } : track(walk.ct, pass.node.host, hook, pass.packet, pass.ctZone);
  if (result.kind === 'unknown') {
    addStep(walk, host, 'conntrack', pass.packet, `${result.reason}: what conntrack does cannot be told from the snapshot`, fields);
    return { disposition: 'UNKNOWN', dropReason: result.reason, host, iface: null, packet: pass.packet };
  }
  pass.tracked = result;
  addStep(walk, host, 'conntrack', pass.packet, describeTracked(pass.tracked), fields);
  if (walk.conntrack === null) {
    const t = pass.tracked;
    walk.conntrack = {
      state: stateOf(t),
      entry: t.kind === 'existing' && t.conn.origin.kind === 'snapshot' ? t.conn.origin.text.trim() : null,
    };
  }
  return null;
}

function confirmStep(walk: Walk, pass: HostPass, hook: Hook, priority: number): void {
  const t = pass.tracked;
  if (t === null || t.kind !== 'new' || t.conn.confirmed) return;
  t.conn.confirmed = true;
  walk.ct.table(pass.node.host.name).insert(t.conn);
  addStep(
    walk,
    pass.node.host.name,
    'conntrack',
    pass.packet,
    `connection confirmed: ${formatTuple(t.conn.original)}, reply ${formatTuple(t.conn.reply)}`,
    { hook, priority },
  );
}

function tableOutcome(walk: Walk, pass: HostPass, result: TableResult, table: string, hook: Hook): Outcome | null {
  const host = pass.node.host.name;
  switch (result.verdict) {
    case 'ACCEPT':
      pass.packet = result.packet;
      return null;
    case 'DROP': {
      const policy = result.steps[result.steps.length - 1]?.verdict === 'POLICY_DROP';
      return dropped(
        walk,
        host,
        policy ? 'POLICY' : 'RULE',
        result.packet,
        policy ? `dropped by the policy of ${table} ${hook}` : `dropped by a rule in ${table} (${hook})`,
      );
    }
    case 'REJECT': {
      addStep(
        walk,
        host,
        'drop',
        result.packet,
        `rejected by a rule in ${table} (${hook})${result.rejectWith === null ? '' : ` with ${result.rejectWith}`}: an error goes back to ${result.packet.src}`,
      );
      const error = rejectError(pass.node.host, hook, result.rejectWith, result.packet);
      const provoked = error === null ? {} : { provoked: { error, attached: attachedOf(pass.tracked) } };
      return { disposition: 'REJECTED', dropReason: null, host, iface: null, packet: result.packet, ...provoked };
    }
    case 'UNKNOWN':
      // the table's own steps end with the rule it could not evaluate
      return {
        disposition: 'UNKNOWN',
        dropReason: result.unknown ?? `${table} ${hook} could not be evaluated`,
        host,
        iface: null,
        packet: result.packet,
      };
    default: {
      const unreachable: never = result.verdict;
      return unreachable;
    }
  }
}

/**
 * A snapshot connection without NAT: would the nat table translate this packet as a new
 * connection? Then the old entry is what keeps it untranslated (seed 000).
 */
function staleBindingCheck(walk: Walk, pass: HostPass, hook: Hook, conn: Connection): void {
  const node = pass.node;
  if (node.evaluate === null || conn.origin.kind !== 'snapshot' || isSnat(conn) || isDnat(conn)) return;
  const fresh: Tracked = {
    kind: 'new',
    conn: { ...conn, confirmed: false, seenReply: false, original: packetTuple(pass.packet), reply: invertTuple(packetTuple(pass.packet)) },
  };
  const whatIf = node.evaluate({
    host: node.host.name,
    table: 'nat',
    hook,
    inIface: pass.inIface,
    outIface: pass.outIface,
    nexthop: pass.nexthop,
    packet: pass.packet,
    ct: ctViewOf(fresh, pass.packet),
    env: node.env,
    ...(pass.physdev === null ? {} : { physdev: pass.physdev }),
  });
  if (whatIf.verdict === 'ACCEPT' && whatIf.nat !== null) addDiagnosis(walk, staleConntrackDiagnosis(node.host.name, conn, whatIf.nat));
}

/**
 * A packet attached to its connection as RELATED walks the nat table only when it is not an ICMP
 * error (nf_nat_ipv4_fn translates those and returns) and nf_nat has not set up this manip for the
 * connection yet (nf_nat_inet_fn treats RELATED like NEW): a reset sent for a request rejected in
 * INPUT or FORWARD meets POSTROUTING's nat table.
 */
function relatedWalksNat(pass: HostPass, hook: Hook): boolean {
  return pass.packet.inner === undefined && pass.natInitialized !== undefined && !pass.natInitialized.has(manipOf(hook));
}

/**
 * A NAT rule matched by a packet attached as RELATED (a reset in POSTROUTING) binds its
 * connection's original direction (nf_nat_setup_info works on the original tuple); the packet
 * itself is translated only by nf_nat_packet afterwards. Kernel scenario 66: a MASQUERADE matched
 * by the reset leaves its source as it was.
 */
function keepRelatedHeader(walk: Walk, pass: HostPass, before: Packet, result: TableResult, hook: Hook, priority: number): void {
  const unchanged = packetView(before);
  for (const step of result.steps) step.packetAfter = unchanged;
  pass.packet = before;
  addStep(
    walk,
    pass.node.host.name,
    'conntrack',
    pass.packet,
    `the ${result.nat?.kind ?? 'NAT'} binds the connection's original direction, which this packet does not travel: its header is not rewritten by the rule`,
    {
      hook,
      priority,
      table: 'nat',
    },
  );
}

/** nf_nat_icmp_reply_translation for an ICMP error, nf_nat_packet for a reset, at a nat hook. */
function relatedNat(walk: Walk, pass: HostPass, t: Extract<Tracked, { kind: 'related' }>, hook: Hook, priority: number): void {
  const bound = translateRelated(t.conn, t.direction, manipOf(hook), pass.packet);
  if (!bound.changed) return;
  pass.packet = bound.packet;
  addStep(walk, pass.node.host.name, 'conntrack', pass.packet, `conntrack NAT: ${bound.explanation}`, { hook, priority, table: 'nat' });
}

/** Part of a hook's entries by priority: `from` inclusive, `below` exclusive (IPVS runs in between). */
export interface HookSpan {
  from?: number;
  below?: number;
}

/**
 * One netfilter hook in priority order (HOOK_ORDER): the snapshot's tables, conntrack's lookup
 * and confirmation, and the NAT binding of a known connection at the nat priorities.
 */
export function runHook(walk: Walk, pass: HostPass, hook: Hook, after?: AfterEntry, span: HookSpan = {}): Outcome | null {
  const node = pass.node;
  for (const entry of HOOK_ORDER[hook]) {
    if (entry.priority < (span.from ?? Number.NEGATIVE_INFINITY) || entry.priority >= (span.below ?? Number.POSITIVE_INFINITY)) continue;
    const before = pass.packet;
    switch (entry.kind) {
      case 'conntrack': {
        const unknown = node.conntrackActive ? conntrackStep(walk, pass, hook) : null;
        if (unknown !== null) return unknown;
        break;
      }
      case 'conntrack-confirm':
        confirmStep(walk, pass, hook, entry.priority);
        break;
      case 'table': {
        const t = pass.tracked;
        if (entry.table === 'nat' && t !== null && t.kind === 'existing') {
          const bound = applyBinding(t.conn, t.direction, manipOf(hook), pass.packet);
          if (bound.changed) {
            pass.packet = bound.packet;
            addStep(walk, node.host.name, 'conntrack', pass.packet, `conntrack NAT: ${bound.explanation}`, {
              hook,
              priority: entry.priority,
              table: 'nat',
            });
          }
        }
        if (entry.table === 'nat' && t !== null && t.kind === 'related' && !relatedWalksNat(pass, hook)) {
          relatedNat(walk, pass, t, hook, entry.priority);
          break;
        }
        if (node.evaluate === null || !node.tables.has(entry.table)) break;
        if (entry.table === 'nat' && pass.natInitialized?.has(manipOf(hook)) === true) break;
        if (entry.table === 'nat' && t !== null && t.kind === 'existing') staleBindingCheck(walk, pass, hook, t.conn);
        const input: TableInput = {
          host: node.host.name,
          table: entry.table,
          hook,
          inIface: pass.inIface,
          outIface: pass.outIface,
          nexthop: pass.nexthop,
          packet: pass.packet,
          ct: t === null ? null : ctViewOf(t, pass.packet),
          env: node.env,
        };
        // set when present rather than spread in: the same input without copying temporary objects
        if (pass.physdev !== null) input.physdev = pass.physdev;
        if (walk.options.decide !== undefined) input.decide = walk.options.decide;
        const result = node.evaluate(input);
        walk.steps.push(...result.steps);
        if (result.notrack) pass.notrack = true;
        if (result.ctZone !== null) pass.ctZone = result.ctZone;
        if (result.tproxy !== null) pass.tproxy = result.tproxy;
        if (t !== null && (t.kind === 'new' || t.kind === 'existing') && result.ctMark !== null) t.conn.mark = result.ctMark;
        const outcome = tableOutcome(walk, pass, result, entry.table, hook);
        if (outcome !== null) return outcome;
        if (entry.table === 'nat' && t !== null && t.kind === 'related') {
          if (result.nat !== null) keepRelatedHeader(walk, pass, before, result, hook, entry.priority);
          relatedNat(walk, pass, t, hook, entry.priority);
        }
        if (entry.table === 'nat' && t !== null && t.kind === 'new') recordManip(t.conn, manipOf(hook), pass.packet);
        break;
      }
      default: {
        const unreachable: never = entry;
        return unreachable;
      }
    }
    const interrupted = after?.(entry, before) ?? null;
    if (interrupted !== null) return interrupted;
  }
  return null;
}
