import { readFile } from 'node:fs/promises';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import {
  BRANCH_QUANTIFIERS,
  DISPOSITIONS,
  FLOW_GENERATORS,
  flowSchema,
  type BranchQuantifier,
  type Flow,
  type FlowExpectation,
  type FlowGenerator,
  type JobKind,
} from '@hookpath/contracts';
import { API_OPTIONS, API_OPTIONS_USAGE } from '../api-client';
import { UsageError } from '../cli-error';
import { PACKET_OPTIONS, parseTraceArgs } from './trace-args';

const COMMON_USAGE = `[--wait[=<seconds>]] [--junit <file>] [--json] [--progress] [--idempotency-key <key>] ${API_OPTIONS_USAGE}`;
export const SUBMIT_TRACE_USAGE = `hookpath submit trace --snapshot <id> --from <place> --src <ip> --dst <ip> [-p tcp|udp|icmp] [--sport N] [--dport N] [--icmp-id N] [--mark 0xN] [--tcp-flags SYN,ACK] [--ttl N] [--backend <ip:port>] [--choose <next hop|chain>] [--round-trip] [--expect <disposition>] [--branches all|any] ${COMMON_USAGE}`;
export const SUBMIT_BATCH_USAGE = `hookpath submit batch --snapshot <id> [--flows <file.json>] [--generator <name>]... [--expect <disposition>] [--branches all|any] [--round-trip] ${COMMON_USAGE}`;
export const SUBMIT_DIFF_USAGE = `hookpath submit diff --base <id> --target <id> [--flows <file.json>] [--generator <name>]... [--expect <disposition>|same-as-base] [--branches all|any] [--round-trip] ${COMMON_USAGE}`;

/** How long to wait for the job: not at all (print the accepted job), until it ends, or at most N seconds. */
export type WaitMode = { kind: 'none' } | { kind: 'until-end' } | { kind: 'seconds'; seconds: number };

export interface SubmitArgs {
  kind: JobKind;
  /** The collection to POST to. */
  path: string;
  body: Record<string, unknown>;
  wait: WaitMode;
  junit: string | null;
  json: boolean;
  progress: boolean;
  idempotencyKey: string | null;
  api: string | undefined;
  token: string | undefined;
}

const SUBMIT_OPTIONS = {
  ...API_OPTIONS,
  junit: { type: 'string' },
  json: { type: 'boolean' },
  progress: { type: 'boolean' },
  'idempotency-key': { type: 'string' },
  expect: { type: 'string' },
  branches: { type: 'string' },
  'round-trip': { type: 'boolean' },
} as const;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function snapshotId(option: string, value: string | undefined, usage: string): string {
  if (value === undefined || value === '')
    throw new UsageError(`--${option} <snapshot id> is required (the id \`hookpath upload\` prints)\nusage: ${usage}`);
  if (!UUID.test(value))
    throw new UsageError(`--${option} ${JSON.stringify(value)} is not a snapshot id (a uuid, as \`hookpath upload\` prints)`);
  return value.toLowerCase();
}

/** `--wait` alone waits until the job ends; `--wait=N` at most N seconds. parseArgs has no optional values, so it is taken out first. */
export function extractWait(args: readonly string[]): { wait: WaitMode; rest: string[] } {
  let wait: WaitMode = { kind: 'none' };
  const rest: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    if (arg === '--') {
      rest.push(...args.slice(i));
      break;
    }
    if (arg === '--wait') {
      const next = args[i + 1];
      if (next !== undefined && /^[0-9]+$/.test(next))
        throw new UsageError(`write --wait=${next} (with "="): --wait alone waits until the job ends`);
      wait = { kind: 'until-end' };
    } else if (arg.startsWith('--wait=')) {
      const value = arg.slice('--wait='.length);
      const seconds = /^[0-9]+$/.test(value) ? Number(value) : Number.NaN;
      if (!Number.isInteger(seconds) || seconds < 1)
        throw new UsageError(
          `--wait=${value}: expected a whole number of seconds (at least 1), or --wait alone to wait until the job ends`,
        );
      wait = { kind: 'seconds', seconds };
    } else rest.push(arg);
  }
  return { wait, rest };
}

/** `--branches all|any`: how the expectation reads a trace with branches (every branch, or one). */
function branchQuantifier(value: string | undefined): BranchQuantifier | undefined {
  if (value === undefined) return undefined;
  const found = BRANCH_QUANTIFIERS.find((q) => q === value.toLowerCase());
  if (found === undefined)
    throw new UsageError(
      `--branches ${JSON.stringify(value)}: expected all (every branch must meet --expect, the default) or any (one is enough)`,
    );
  return found;
}

function expectation(value: string | undefined, allowSameAsBase: boolean): FlowExpectation | undefined {
  if (value === undefined) return undefined;
  const upper = value.toUpperCase();
  if ((DISPOSITIONS as readonly string[]).includes(upper)) return upper as FlowExpectation;
  if (allowSameAsBase && value === 'same-as-base') return 'same-as-base';
  const valid = [...DISPOSITIONS, ...(allowSameAsBase ? ['same-as-base'] : [])].join(', ');
  throw new UsageError(
    `--expect ${JSON.stringify(value)}: expected one of ${valid}${allowSameAsBase ? '' : ' (same-as-base applies to diffs)'}`,
  );
}

function generators(values: readonly string[] | undefined): { name: FlowGenerator }[] {
  const names: FlowGenerator[] = [];
  for (const value of values ?? []) {
    if (!(FLOW_GENERATORS as readonly string[]).includes(value)) {
      throw new UsageError(`--generator ${JSON.stringify(value)}: unknown generator; valid generators: ${FLOW_GENERATORS.join(', ')}`);
    }
    if (!names.includes(value as FlowGenerator)) names.push(value as FlowGenerator);
  }
  return names.map((name) => ({ name }));
}

/** `--flows file.json`: an array of flow objects exactly as the REST body takes them, checked here so that the error names the file. */
export async function readFlowsFile(path: string): Promise<Flow[]> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new UsageError(
      `--flows ${path}: ${error instanceof Error && 'code' in error && error.code === 'ENOENT' ? 'no such file' : String(error)}`,
    );
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`--flows ${path}: not JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
  const result = flowSchema.array().min(1).safeParse(parsed);
  if (!result.success) {
    const problems = result.error.issues.slice(0, 10).map((i) => `${['flows', ...i.path.map(String)].join('.')}: ${i.message}`);
    const more = result.error.issues.length > 10 ? `\n  ... and ${result.error.issues.length - 10} more` : '';
    throw new UsageError(
      `--flows ${path}: expected a non-empty array of flows {from, src, dst, proto, sport, dport, icmpId, mark, tcpFlags, ttl, backend, choose, roundTrip, label, expect, branches}:\n  ${problems.join('\n  ')}${more}`,
    );
  }
  return result.data;
}

function traceBody(values: Record<string, string | boolean | string[] | undefined>, id: string): Record<string, unknown> {
  const forwarded: string[] = [id];
  for (const name of Object.keys(PACKET_OPTIONS)) {
    const value = values[name];
    if (typeof value === 'string') forwarded.push(`--${name}`, value);
  }
  if (values['round-trip'] === true) forwarded.push('--round-trip');
  let parsed;
  try {
    parsed = parseTraceArgs(forwarded);
  } catch (error) {
    if (error instanceof UsageError) throw new UsageError(error.message.replace(/\nusage: [^\n]*$/, `\nusage: ${SUBMIT_TRACE_USAGE}`));
    throw error;
  }
  const { packet } = parsed;
  return {
    snapshotId: id,
    from: parsed.from,
    src: packet.src,
    dst: packet.dst,
    proto: packet.proto,
    ...(packet.sport === undefined ? {} : { sport: packet.sport }),
    ...(packet.dport === undefined ? {} : { dport: packet.dport }),
    ...(packet.icmpId === undefined ? {} : { icmpId: packet.icmpId }),
    ...(packet.mark === undefined ? {} : { mark: packet.mark }),
    ...(packet.tcpFlags === undefined ? {} : { tcpFlags: packet.tcpFlags }),
    ...(packet.ttl === undefined ? {} : { ttl: packet.ttl }),
    ...(parsed.backend === undefined ? {} : { backend: parsed.backend }),
    ...(parsed.choose === undefined ? {} : { choose: parsed.choose }),
    ...(parsed.roundTrip ? { roundTrip: true } : {}),
  };
}

function usageOf(sub: string): string {
  return sub === 'trace' ? SUBMIT_TRACE_USAGE : sub === 'batch' ? SUBMIT_BATCH_USAGE : SUBMIT_DIFF_USAGE;
}

/** `hookpath submit trace|batch|diff ...` -> the REST request and how to wait for and report the job. */
export async function parseSubmitArgs(args: readonly string[]): Promise<SubmitArgs> {
  const [sub, ...tail] = args;
  if (sub !== 'trace' && sub !== 'batch' && sub !== 'diff') {
    const what = sub === undefined ? 'a job kind is required' : `unknown job kind ${JSON.stringify(sub)}`;
    throw new UsageError(
      `${what}: submit trace, batch or diff\nusage:\n  ${SUBMIT_TRACE_USAGE}\n  ${SUBMIT_BATCH_USAGE}\n  ${SUBMIT_DIFF_USAGE}`,
    );
  }
  const usage = usageOf(sub);
  const { wait, rest } = extractWait(tail);
  const options: ParseArgsConfig['options'] =
    sub === 'trace'
      ? { ...SUBMIT_OPTIONS, ...PACKET_OPTIONS, snapshot: { type: 'string' } }
      : sub === 'batch'
        ? { ...SUBMIT_OPTIONS, snapshot: { type: 'string' }, flows: { type: 'string' }, generator: { type: 'string', multiple: true } }
        : {
            ...SUBMIT_OPTIONS,
            base: { type: 'string' },
            target: { type: 'string' },
            flows: { type: 'string' },
            generator: { type: 'string', multiple: true },
          };
  const { values, positionals } = parseArgs({ args: rest, allowPositionals: true, options });
  const all = values as Record<string, string | boolean | string[] | undefined>;
  if (positionals.length > 0) throw new UsageError(`unexpected argument ${JSON.stringify(positionals[0])}\nusage: ${usage}`);
  const str = (name: string): string | undefined => (typeof all[name] === 'string' ? (all[name] as string) : undefined);
  const junit = str('junit') ?? null;
  if (junit === '') throw new UsageError('--junit needs a file name');
  const key = str('idempotency-key');
  if (key !== undefined && (key.trim() === '' || key.length > 200)) throw new UsageError('--idempotency-key: expected 1 to 200 characters');
  const common = {
    // a JUnit report describes the ended job, so asking for one waits for the end
    wait: junit !== null && wait.kind === 'none' ? ({ kind: 'until-end' } as const) : wait,
    junit,
    json: all.json === true,
    progress: all.progress === true,
    idempotencyKey: key ?? null,
    api: str('api'),
    token: str('token'),
  };
  const expect = expectation(str('expect'), sub === 'diff');
  const branches = branchQuantifier(str('branches'));
  const expected = { ...(expect === undefined ? {} : { expect }), ...(branches === undefined ? {} : { branches }) };
  if (sub === 'trace') {
    const body = traceBody(all, snapshotId('snapshot', str('snapshot'), usage));
    return { kind: 'trace', path: '/api/v1/traces', body: { ...body, ...expected }, ...common };
  }
  const flowsPath = str('flows');
  const flows = flowsPath === undefined ? undefined : await readFlowsFile(flowsPath);
  const gens = generators(all.generator as string[] | undefined);
  const flowSet = {
    ...(flows === undefined ? {} : { flows }),
    ...(gens.length === 0 ? {} : { generators: gens }),
    ...expected,
    ...(all['round-trip'] === true ? { roundTrip: true } : {}),
  };
  if (sub === 'batch') {
    const id = snapshotId('snapshot', str('snapshot'), usage);
    if (flows === undefined && gens.length === 0)
      throw new UsageError(
        `a batch needs --flows <file.json>, --generator <name> or both (generators: ${FLOW_GENERATORS.join(', ')})\nusage: ${usage}`,
      );
    return { kind: 'trace-batch', path: '/api/v1/trace-batches', body: { snapshotId: id, ...flowSet }, ...common };
  }
  const base = snapshotId('base', str('base'), usage);
  const target = snapshotId('target', str('target'), usage);
  return { kind: 'diff', path: '/api/v1/diffs', body: { baseSnapshotId: base, targetSnapshotId: target, ...flowSet }, ...common };
}
