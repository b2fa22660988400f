import {
  REPORT_SCHEMA,
  type FlowSetQuestion,
  type ReportChangedFlow,
  type ReportDiff,
  type ReportDocument,
  type ReportFlow,
  type ReportFlowOutcome,
  type ReportSnapshot,
  type ReportStructuralChange,
} from './report-document';
import { diffCommand } from './rerun-command';
import { asNumber, asObject, asString, asStrings, storedOutcome, type JsonObject } from './stored-flow';
import { titleOr, type ReportHeader } from './trace-report';

/** Structural changes a diff report lists at most; the rest are counted. */
export const MAX_REPORT_CHANGES = 500;
/** Changed flows a diff report lists at most, over all causes; the rest are counted. */
export const MAX_REPORT_CHANGED_FLOWS = 200;

const list = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);

/** Where a change is, in the snapshot's terms: `nat EXCLUSIVE_SNAT #1 line 16`, `eth0 mtu`, an OVN path. */
function whereOf(place: JsonObject): string {
  const position = asObject(place['position']);
  const line = asObject(place['line']);
  const at = (sides: JsonObject | null, prefix: string): string | null => {
    if (sides === null) return null;
    const base = asNumber(sides['base']);
    const target = asNumber(sides['target']);
    if (base !== undefined && target !== undefined && base !== target) return `${prefix}${base}→${target}`;
    const one = target ?? base;
    return one === undefined ? null : `${prefix}${one}`;
  };
  const parts = [
    asString(place['table']),
    asString(place['chain']),
    at(position, '#'),
    at(line, 'line '),
    asString(place['iface']),
    asString(place['ipset']),
    asString(place['field']),
    asString(place['key']),
    asString(place['ovn']),
  ].filter((p): p is string => p !== null && p !== '');
  return parts.join(' ');
}

function structuralChange(value: unknown): ReportStructuralChange {
  const o = asObject(value) ?? {};
  const place = asObject(o['place']) ?? {};
  return {
    kind: asString(o['kind']) ?? '?',
    host: asString(place['host']),
    where: whereOf(place),
    before: asString(o['before']),
    after: asString(o['after']),
  };
}

function outcomeOf(value: unknown): ReportFlowOutcome {
  const o = storedOutcome(value);
  const outcome: ReportFlowOutcome = { disposition: o.disposition, dropReason: o.dropReason, endHost: o.endHost, error: o.error };
  if (o.reply !== null) outcome.reply = o.reply;
  return outcome;
}

function changedFlow(value: unknown, requests: ReadonlyMap<number, ReportFlow>): ReportChangedFlow {
  const o = asObject(value) ?? {};
  const index = asNumber(o['index']) ?? -1;
  const request = requests.get(index);
  const packet: ReportChangedFlow['packet'] = { src: request?.src ?? '?', dst: request?.dst ?? '?', proto: request?.proto ?? '?' };
  if (request?.sport !== undefined) packet.sport = request.sport;
  if (request?.dport !== undefined) packet.dport = request.dport;
  if (request?.icmpId !== undefined) packet.icmpId = request.icmpId;
  return {
    index,
    label: asString(o['label']),
    from: asString(o['from']) ?? request?.from ?? '?',
    packet,
    changes: asStrings(o['changes']),
    base: outcomeOf(o['base']),
    target: outcomeOf(o['target']),
  };
}

/** The indices of the changed flows a diff report lists (to read their requests). */
export function listedChangedFlows(result: unknown): number[] {
  const behavioural = asObject(asObject(result)?.['behavioural']);
  const indices: number[] = [];
  for (const group of list(behavioural?.['groups'])) {
    for (const flow of list(asObject(group)?.['flows'])) {
      if (indices.length >= MAX_REPORT_CHANGED_FLOWS) return indices;
      const index = asNumber(asObject(flow)?.['index']);
      if (index !== undefined) indices.push(index);
    }
  }
  return indices;
}

/** A diff job's result (`{structural, behavioural}`) as a report keeps it, cut to the report's limits. */
export function diffSection(result: unknown, requests: ReadonlyMap<number, ReportFlow>): ReportDiff {
  const o = asObject(result) ?? {};
  const structural = asObject(o['structural']) ?? {};
  const behavioural = asObject(o['behavioural']) ?? {};
  const hosts = asObject(structural['hosts']) ?? {};
  const changes = list(structural['changes']);
  const totals = asObject(behavioural['totals']) ?? {};
  let budget = MAX_REPORT_CHANGED_FLOWS;
  let omitted = 0;
  const groups = list(behavioural['groups']).map((g) => {
    const group = asObject(g) ?? {};
    const cause = asObject(group['cause']) ?? {};
    const flows = list(group['flows']);
    const kept = flows.slice(0, Math.max(0, budget));
    budget -= kept.length;
    const count = asNumber(group['count']) ?? flows.length;
    omitted += count - kept.length;
    return {
      cause: {
        kind: asString(cause['kind']) ?? '?',
        host: asString(cause['host']) ?? '',
        description: asString(cause['description']) ?? '',
        base: asString(cause['base']),
        target: asString(cause['target']),
      },
      count,
      flows: kept.map((f) => changedFlow(f, requests)),
    };
  });
  return {
    hosts: { added: asStrings(hosts['added']), removed: asStrings(hosts['removed']), changed: asStrings(hosts['changed']) },
    changes: changes.slice(0, MAX_REPORT_CHANGES).map(structuralChange),
    changesOmitted: Math.max(0, changes.length - MAX_REPORT_CHANGES),
    totals: {
      flows: asNumber(totals['flows']) ?? 0,
      unchanged: asNumber(totals['unchanged']) ?? 0,
      changed: asNumber(totals['changed']) ?? 0,
    },
    groups,
    flowsOmitted: omitted,
  };
}

export interface DiffReportInput extends ReportHeader {
  question: FlowSetQuestion;
  base: ReportSnapshot;
  target: ReportSnapshot;
  /** The diff job's result. */
  result: unknown;
  /** The requests of the listed changed flows (listedChangedFlows), by index. */
  requests: ReadonlyMap<number, ReportFlow>;
}

export function diffReport(input: DiffReportInput): ReportDocument {
  const diff = diffSection(input.result, input.requests);
  const lacks = [input.base, input.target]
    .filter((s) => s.capturedAt === null)
    .map((s) => ({ host: null, what: `snapshot ${s.name} states no capturedAt: how old its data is is unknown` }));
  return {
    schema: REPORT_SCHEMA,
    id: input.id,
    title: titleOr(
      input.title,
      `Diff ${input.base.name} → ${input.target.name}: ${diff.totals.changed} of ${diff.totals.flows} flows changed`,
    ),
    createdAt: input.createdAt,
    expiresAt: input.expiresAt,
    kind: 'diff',
    question: input.question,
    snapshot: input.target,
    baseSnapshot: input.base,
    diff,
    hookPaths: [],
    command: diffCommand(input.question),
    lacks,
  };
}
