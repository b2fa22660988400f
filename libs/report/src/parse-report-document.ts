import type { Diagnosis, PacketView, Trace, TraceStep } from '@hookpath/engine';
import {
  REPORT_KINDS,
  REPORT_SCHEMA,
  type CapturedHost,
  type DecisiveStep,
  type ReportBatch,
  type ReportBatchFlow,
  type ReportChangedFlow,
  type ReportDiff,
  type ReportDocument,
  type ReportFlow,
  type ReportFlowOutcome,
  type ReportHookPath,
  type ReportKind,
  type ReportLack,
  type ReportQuestion,
  type ReportSnapshot,
} from './report-document';

/** A report document that does not have the shape of hookpath.report/v1; `path` names the field (`$.trace.steps[3].host`). */
export class ReportDocumentError extends Error {
  constructor(
    readonly path: string,
    readonly problem: string,
  ) {
    super(`${path}: ${problem}`);
    this.name = 'ReportDocumentError';
  }
}

type Json = Record<string, unknown>;

const STEP_KINDS: readonly string[] = [
  'netfilter',
  'conntrack',
  'routing',
  'rp_filter',
  'bridge',
  'ipvs',
  'ovn',
  'interface',
  'deliver',
  'drop',
];
const DISPOSITIONS: readonly string[] = ['DELIVERED', 'EXITED', 'DROPPED', 'REJECTED', 'UNKNOWN'];
const HOOKS: readonly string[] = ['PREROUTING', 'INPUT', 'FORWARD', 'OUTPUT', 'POSTROUTING'];
const PROTOCOLS: readonly string[] = ['tcp', 'udp', 'icmp'];
const CONNTRACK_STATES: readonly string[] = ['NEW', 'ESTABLISHED', 'RELATED', 'INVALID', 'UNTRACKED'];
const ENTRY_KINDS: readonly string[] = ['table', 'conntrack', 'conntrack-confirm'];

const describe = (value: unknown): string =>
  value === null
    ? 'null'
    : Array.isArray(value)
      ? 'an array'
      : typeof value === 'string'
        ? JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)
        : typeof value;

function fail(path: string, expected: string, value: unknown): never {
  throw new ReportDocumentError(
    path,
    value === undefined ? `missing (expected ${expected})` : `expected ${expected}, got ${describe(value)}`,
  );
}

function object(value: unknown, path: string): Json {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) fail(path, 'an object', value);
  return value as Json;
}

function array(value: unknown, path: string): unknown[] {
  if (!Array.isArray(value)) fail(path, 'an array', value);
  return value;
}

function string(value: unknown, path: string): string {
  if (typeof value !== 'string') fail(path, 'a string', value);
  return value;
}

function nullableString(value: unknown, path: string): string | null {
  return value === null ? null : string(value, path);
}

function number(value: unknown, path: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) fail(path, 'a number', value);
  return value;
}

function boolean(value: unknown, path: string): boolean {
  if (typeof value !== 'boolean') fail(path, 'true or false', value);
  return value;
}

function oneOf<T extends string>(value: unknown, allowed: readonly string[], path: string): T {
  if (typeof value !== 'string' || !allowed.includes(value)) fail(path, `one of ${allowed.join(', ')}`, value);
  return value as T;
}

function timestamp(value: unknown, path: string): string {
  const text = string(value, path);
  if (!/^\d{4}-\d{2}-\d{2}T/.test(text) || Number.isNaN(Date.parse(text))) fail(path, 'an RFC 3339 time', value);
  return text;
}

function strings(value: unknown, path: string): string[] {
  return array(value, path).map((item, i) => string(item, `${path}[${i}]`));
}

/** An optional field: absent (or null where `nullable`) stays absent; present, it is checked. */
function optional<T>(o: Json, key: string, path: string, read: (value: unknown, path: string) => T): T | undefined {
  const value = o[key];
  return value === undefined ? undefined : read(value, `${path}.${key}`);
}

function packetView(value: unknown, path: string): PacketView {
  const o = object(value, path);
  string(o['src'], `${path}.src`);
  string(o['dst'], `${path}.dst`);
  number(o['sport'], `${path}.sport`);
  number(o['dport'], `${path}.dport`);
  string(o['mark'], `${path}.mark`);
  number(o['ttl'], `${path}.ttl`);
  optional(o, 'ethSrc', path, string);
  optional(o, 'ethDst', path, string);
  return o as unknown as PacketView;
}

function step(value: unknown, path: string): TraceStep {
  const o = object(value, path);
  string(o['host'], `${path}.host`);
  oneOf(o['kind'], STEP_KINDS, `${path}.kind`);
  string(o['explanation'], `${path}.explanation`);
  optional(o, 'hook', path, (v, p) => oneOf(v, HOOKS, p));
  optional(o, 'priority', path, number);
  for (const key of ['table', 'chain', 'verdict', 'iface', 'datapath', 'stage', 'chassis']) optional(o, key, path, string);
  optional(o, 'rule', path, nullableString);
  optional(o, 'packetAfter', path, packetView);
  optional(o, 'object', path, (v, p) => {
    const row = object(v, p);
    string(row['table'], `${p}.table`);
    string(row['text'], `${p}.text`);
    nullableString(row['uuid'] ?? null, `${p}.uuid`);
    nullableString(row['owner'] ?? null, `${p}.owner`);
    return row;
  });
  return o as unknown as TraceStep;
}

function diagnosis(value: unknown, path: string): Diagnosis {
  const o = object(value, path);
  string(o['code'], `${path}.code`);
  string(o['message'], `${path}.message`);
  nullableString(o['fix'] ?? null, `${path}.fix`);
  optional(o, 'host', path, string);
  optional(o, 'evidence', path, strings);
  return o as unknown as Diagnosis;
}

/** A trace document of TRACE-CONTRACT.md: the fields the renderings read are checked; others are kept as they are. */
export function parseTrace(value: unknown, path: string): Trace {
  const o = object(value, path);
  const packet = object(o['packet'], `${path}.packet`);
  string(packet['src'], `${path}.packet.src`);
  string(packet['dst'], `${path}.packet.dst`);
  oneOf(packet['proto'], PROTOCOLS, `${path}.packet.proto`);
  for (const key of ['sport', 'dport', 'icmpId']) optional(packet, key, `${path}.packet`, number);
  optional(packet, 'mark', `${path}.packet`, string);
  oneOf(o['disposition'], DISPOSITIONS, `${path}.disposition`);
  nullableString(o['dropReason'], `${path}.dropReason`);
  array(o['steps'], `${path}.steps`).forEach((s, i) => step(s, `${path}.steps[${i}]`));
  if (o['conntrack'] !== null) {
    const ct = object(o['conntrack'], `${path}.conntrack`);
    oneOf(ct['state'], CONNTRACK_STATES, `${path}.conntrack.state`);
    nullableString(ct['entry'], `${path}.conntrack.entry`);
  }
  array(o['diagnosis'], `${path}.diagnosis`).forEach((d, i) => diagnosis(d, `${path}.diagnosis[${i}]`));
  if (o['end'] !== null) {
    const end = object(o['end'], `${path}.end`);
    string(end['host'], `${path}.end.host`);
    nullableString(end['iface'], `${path}.end.iface`);
    packetView(end['packet'], `${path}.end.packet`);
  }
  optional(o, 'reply', path, parseTrace);
  optional(o, 'roundTrip', path, (v, p) => {
    const rt = object(v, p);
    boolean(rt['established'], `${p}.established`);
    string(rt['summary'], `${p}.summary`);
    array(rt['findings'], `${p}.findings`).forEach((f, i) => {
      const finding = object(f, `${p}.findings[${i}]`);
      string(finding['code'], `${p}.findings[${i}].code`);
      string(finding['message'], `${p}.findings[${i}].message`);
      nullableString(finding['host'], `${p}.findings[${i}].host`);
    });
    return rt;
  });
  return o as unknown as Trace;
}

function flow(value: unknown, path: string): ReportFlow {
  const o = object(value, path);
  string(o['from'], `${path}.from`);
  string(o['src'], `${path}.src`);
  string(o['dst'], `${path}.dst`);
  oneOf(o['proto'], PROTOCOLS, `${path}.proto`);
  for (const key of ['sport', 'dport', 'icmpId', 'mark']) optional(o, key, path, number);
  optional(o, 'backend', path, string);
  optional(o, 'choose', path, string);
  optional(o, 'roundTrip', path, boolean);
  return o as unknown as ReportFlow;
}

function question(value: unknown, kind: ReportKind, path: string): ReportQuestion {
  const o = object(value, path);
  switch (kind) {
    case 'trace':
      flow(o, path);
      string(o['snapshotId'], `${path}.snapshotId`);
      optional(o, 'label', path, string);
      optional(o, 'expect', path, string);
      break;
    case 'batch':
    case 'diff':
      if (kind === 'batch') string(o['snapshotId'], `${path}.snapshotId`);
      else {
        string(o['baseSnapshotId'], `${path}.baseSnapshotId`);
        string(o['targetSnapshotId'], `${path}.targetSnapshotId`);
      }
      number(o['flows'], `${path}.flows`);
      strings(o['generators'], `${path}.generators`);
      optional(o, 'expect', path, string);
      optional(o, 'branches', path, string);
      optional(o, 'roundTrip', path, boolean);
      break;
  }
  return o as unknown as ReportQuestion;
}

function snapshot(value: unknown, path: string): ReportSnapshot {
  const o = object(value, path);
  string(o['id'], `${path}.id`);
  string(o['name'], `${path}.name`);
  nullableString(o['cluster'], `${path}.cluster`);
  if (o['capturedAt'] !== null) timestamp(o['capturedAt'], `${path}.capturedAt`);
  strings(o['hosts'], `${path}.hosts`);
  const captured = object(o['captured'], `${path}.captured`);
  boolean(captured['ovn'], `${path}.captured.ovn`);
  boolean(captured['k8s'], `${path}.captured.k8s`);
  array(captured['hosts'], `${path}.captured.hosts`).forEach((h, i): CapturedHost => {
    const p = `${path}.captured.hosts[${i}]`;
    const host = object(h, p);
    string(host['name'], `${p}.name`);
    nullableString(host['role'], `${p}.role`);
    strings(host['files'], `${p}.files`);
    strings(host['notCaptured'], `${p}.notCaptured`);
    return host as unknown as CapturedHost;
  });
  return o as unknown as ReportSnapshot;
}

function hookPath(value: unknown, path: string): ReportHookPath {
  const o = object(value, path);
  string(o['host'], `${path}.host`);
  oneOf(o['hook'], HOOKS, `${path}.hook`);
  array(o['entries'], `${path}.entries`).forEach((e, i) => {
    const p = `${path}.entries[${i}]`;
    const entry = object(e, p);
    oneOf(entry['kind'], ENTRY_KINDS, `${p}.kind`);
    number(entry['priority'], `${p}.priority`);
    string(entry['priorityName'], `${p}.priorityName`);
    nullableString(entry['table'], `${p}.table`);
    nullableString(entry['chain'], `${p}.chain`);
    nullableString(entry['policy'], `${p}.policy`);
    number(entry['ruleCount'], `${p}.ruleCount`);
    boolean(entry['active'], `${p}.active`);
  });
  return o as unknown as ReportHookPath;
}

function decisive(value: unknown, path: string): DecisiveStep | null {
  if (value === null) return null;
  const o = object(value, path);
  oneOf(o['direction'], ['request', 'reply'], `${path}.direction`);
  number(o['number'], `${path}.number`);
  step(o['step'], `${path}.step`);
  nullableString(o['rule'], `${path}.rule`);
  oneOf(o['outcome'], DISPOSITIONS, `${path}.outcome`);
  return o as unknown as DecisiveStep;
}

function batch(value: unknown, path: string): ReportBatch {
  const o = object(value, path);
  const summary = object(o['summary'], `${path}.summary`);
  number(summary['total'], `${path}.summary.total`);
  const byDisposition = object(summary['byDisposition'], `${path}.summary.byDisposition`);
  for (const [key, count] of Object.entries(byDisposition)) number(count, `${path}.summary.byDisposition.${key}`);
  const expectations = object(summary['expectations'], `${path}.summary.expectations`);
  for (const key of ['passed', 'failed', 'unchecked']) number(expectations[key], `${path}.summary.expectations.${key}`);
  array(o['flows'], `${path}.flows`).forEach((f, i): ReportBatchFlow => {
    const p = `${path}.flows[${i}]`;
    const row = object(f, p);
    number(row['index'], `${p}.index`);
    nullableString(row['label'], `${p}.label`);
    flow(row['flow'], `${p}.flow`);
    nullableString(row['expect'], `${p}.expect`);
    if (row['passed'] !== null) boolean(row['passed'], `${p}.passed`);
    for (const key of ['disposition', 'dropReason', 'endHost', 'error']) nullableString(row[key], `${p}.${key}`);
    strings(row['diagnosis'], `${p}.diagnosis`);
    decisive(row['decisive'], `${p}.decisive`);
    strings(row['fixes'], `${p}.fixes`);
    return row as unknown as ReportBatchFlow;
  });
  number(o['flowsOmitted'], `${path}.flowsOmitted`);
  return o as unknown as ReportBatch;
}

function outcome(value: unknown, path: string): ReportFlowOutcome {
  const o = object(value, path);
  for (const key of ['disposition', 'dropReason', 'endHost', 'error']) nullableString(o[key], `${path}.${key}`);
  optional(o, 'reply', path, (v, p) => {
    const reply = object(v, p);
    string(reply['disposition'], `${p}.disposition`);
    nullableString(reply['dropReason'], `${p}.dropReason`);
    nullableString(reply['endHost'], `${p}.endHost`);
    return reply;
  });
  return o as unknown as ReportFlowOutcome;
}

function diff(value: unknown, path: string): ReportDiff {
  const o = object(value, path);
  const hosts = object(o['hosts'], `${path}.hosts`);
  for (const key of ['added', 'removed', 'changed']) strings(hosts[key], `${path}.hosts.${key}`);
  array(o['changes'], `${path}.changes`).forEach((c, i) => {
    const p = `${path}.changes[${i}]`;
    const change = object(c, p);
    string(change['kind'], `${p}.kind`);
    nullableString(change['host'], `${p}.host`);
    string(change['where'], `${p}.where`);
    nullableString(change['before'], `${p}.before`);
    nullableString(change['after'], `${p}.after`);
  });
  number(o['changesOmitted'], `${path}.changesOmitted`);
  const totals = object(o['totals'], `${path}.totals`);
  for (const key of ['flows', 'unchanged', 'changed']) number(totals[key], `${path}.totals.${key}`);
  array(o['groups'], `${path}.groups`).forEach((g, i) => {
    const p = `${path}.groups[${i}]`;
    const group = object(g, p);
    const cause = object(group['cause'], `${p}.cause`);
    for (const key of ['kind', 'host', 'description']) string(cause[key], `${p}.cause.${key}`);
    for (const key of ['base', 'target']) nullableString(cause[key], `${p}.cause.${key}`);
    number(group['count'], `${p}.count`);
    array(group['flows'], `${p}.flows`).forEach((f, j): ReportChangedFlow => {
      const fp = `${p}.flows[${j}]`;
      const row = object(f, fp);
      number(row['index'], `${fp}.index`);
      nullableString(row['label'], `${fp}.label`);
      string(row['from'], `${fp}.from`);
      const packet = object(row['packet'], `${fp}.packet`);
      for (const key of ['src', 'dst', 'proto']) string(packet[key], `${fp}.packet.${key}`);
      strings(row['changes'], `${fp}.changes`);
      outcome(row['base'], `${fp}.base`);
      outcome(row['target'], `${fp}.target`);
      return row as unknown as ReportChangedFlow;
    });
  });
  number(o['flowsOmitted'], `${path}.flowsOmitted`);
  return o as unknown as ReportDiff;
}

function lack(value: unknown, path: string): ReportLack {
  const o = object(value, path);
  nullableString(o['host'], `${path}.host`);
  string(o['what'], `${path}.what`);
  return o as unknown as ReportLack;
}

/**
 * Checks that `json` (parsed JSON) is a hookpath.report/v1 document and returns it typed. Throws a
 * ReportDocumentError naming the first field that is wrong (`$.trace.steps[3].kind: expected one
 * of ...`). Fields the renderings do not read are kept as they are.
 */
export function parseReportDocument(json: unknown): ReportDocument {
  const o = object(json, '$');
  if (o['schema'] !== REPORT_SCHEMA) fail('$.schema', JSON.stringify(REPORT_SCHEMA), o['schema']);
  string(o['id'], '$.id');
  string(o['title'], '$.title');
  timestamp(o['createdAt'], '$.createdAt');
  timestamp(o['expiresAt'], '$.expiresAt');
  const kind = oneOf<ReportKind>(o['kind'], REPORT_KINDS, '$.kind');
  question(o['question'], kind, '$.question');
  snapshot(o['snapshot'], '$.snapshot');
  optional(o, 'baseSnapshot', '$', snapshot);
  switch (kind) {
    case 'trace':
      parseTrace(o['trace'], '$.trace');
      break;
    case 'batch':
      batch(o['batch'], '$.batch');
      break;
    case 'diff':
      diff(o['diff'], '$.diff');
      break;
  }
  array(o['hookPaths'], '$.hookPaths').forEach((h, i) => hookPath(h, `$.hookPaths[${i}]`));
  string(o['command'], '$.command');
  array(o['lacks'], '$.lacks').forEach((l, i) => lack(l, `$.lacks[${i}]`));
  return o as unknown as ReportDocument;
}
