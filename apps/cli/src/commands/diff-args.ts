import { parseArgs } from 'node:util';
import { FLOW_GENERATOR_NAMES, parseIpv4, type FlowGeneratorName, type L4Protocol } from '@hookpath/engine';
import { flowProtocol } from '@hookpath/contracts';
import type { DiffFlow } from '@hookpath/diff';
import { UsageError } from '../cli-error';

export const DIFF_USAGE =
  "hookpath diff <base> <target> [--flows <generator>[,<generator>...]] [--flow '<from> <src> <dst> [tcp|udp|icmp] [dport]']... [--round-trip] [--json]";

export interface DiffArgs {
  base: string;
  target: string;
  /** Generators to run on both snapshots; empty when only explicit flows were asked for. */
  generators: FlowGeneratorName[];
  /** Flows given with --flow, in command-line order. */
  flows: DiffFlow[];
  roundTrip: boolean;
  json: boolean;
}

const PROTOCOLS: readonly L4Protocol[] = ['tcp', 'udp', 'icmp'];
const isProtocol = (value: string): value is L4Protocol => (PROTOCOLS as readonly string[]).includes(value);
const isGenerator = (value: string): value is FlowGeneratorName => (FLOW_GENERATOR_NAMES as readonly string[]).includes(value);

/** `--flows pods-to-outside,outside-to-exposed`: each name once, in the order given. */
export function parseGenerators(value: string): FlowGeneratorName[] {
  const names: FlowGeneratorName[] = [];
  for (const raw of value.split(',')) {
    const name = raw.trim();
    if (!isGenerator(name)) {
      const what = name === '' ? 'an empty generator name' : `unknown generator ${JSON.stringify(name)}`;
      throw new UsageError(`--flows ${JSON.stringify(value)}: ${what}; valid generators: ${FLOW_GENERATOR_NAMES.join(', ')}`);
    }
    if (!names.includes(name)) names.push(name);
  }
  return names;
}

function port(spec: string, value: string): number {
  const parsed = /^[0-9]+$/.test(value) ? Number(value) : Number.NaN;
  if (!Number.isInteger(parsed) || parsed < 1 || parsed > 65535)
    throw new UsageError(`--flow ${JSON.stringify(spec)}: destination port ${JSON.stringify(value)}: expected an integer from 1 to 65535`);
  return parsed;
}

/**
 * `--flow '<from> <src> <dst> [tcp|udp|icmp] [dport]'`: `<from>` as in `hookpath trace --from`.
 * Like trace, without a protocol the flow is tcp when a port is given, otherwise an icmp echo request.
 */
export function parseFlowSpec(spec: string): DiffFlow {
  const words = spec
    .trim()
    .split(/\s+/)
    .filter((w) => w !== '');
  const shape = `expected '<from> <src> <dst> [tcp|udp|icmp] [dport]'`;
  if (words.length < 3 || words.length > 5) throw new UsageError(`--flow ${JSON.stringify(spec)}: ${shape}`);
  const [from, src, dst, fourth, fifth] = words as [string, string, string, string?, string?];
  for (const [name, ip] of [
    ['source', src],
    ['destination', dst],
  ] as const) {
    if (parseIpv4(ip) === null)
      throw new UsageError(`--flow ${JSON.stringify(spec)}: ${name} ${JSON.stringify(ip)} is not an IPv4 address`);
  }
  let proto: L4Protocol;
  let dport: number | undefined;
  if (fourth !== undefined && isProtocol(fourth)) {
    proto = fourth;
    if (fifth !== undefined) dport = port(spec, fifth);
  } else if (fourth === undefined || (fifth === undefined && /^[0-9]+$/.test(fourth))) {
    dport = fourth === undefined ? undefined : port(spec, fourth);
    proto = flowProtocol({ dport });
  } else throw new UsageError(`--flow ${JSON.stringify(spec)}: ${JSON.stringify(fourth)} is not tcp, udp or icmp; ${shape}`);
  if (proto === 'icmp' && dport !== undefined)
    throw new UsageError(`--flow ${JSON.stringify(spec)}: a destination port applies to tcp and udp, not icmp`);
  const target = dport === undefined ? `${dst} ${proto}` : `${dst}:${dport}/${proto}`;
  return { from, packet: { src, dst, proto, ...(dport === undefined ? {} : { dport }) }, label: `${from} ${src} -> ${target}` };
}

/**
 * The diff command line. Without --flows and --flow every generator runs on both snapshots;
 * with --flow only, only those flows are traced.
 */
export function parseDiffArgs(args: string[]): DiffArgs {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      flows: { type: 'string' },
      flow: { type: 'string', multiple: true },
      'round-trip': { type: 'boolean' },
      json: { type: 'boolean' },
    },
  });
  const [base, target, extra] = positionals;
  if (base === undefined) throw new UsageError(`a base snapshot (folder or .tar.gz) is required\nusage: ${DIFF_USAGE}`);
  if (target === undefined)
    throw new UsageError(`a target snapshot (folder or .tar.gz) is required after the base ${JSON.stringify(base)}\nusage: ${DIFF_USAGE}`);
  if (extra !== undefined) throw new UsageError(`unexpected argument ${JSON.stringify(extra)}\nusage: ${DIFF_USAGE}`);
  const flows = (values.flow ?? []).map(parseFlowSpec);
  const generators = values.flows !== undefined ? parseGenerators(values.flows) : flows.length > 0 ? [] : [...FLOW_GENERATOR_NAMES];
  return { base, target, generators, flows, roundTrip: values['round-trip'] === true, json: values.json === true };
}
