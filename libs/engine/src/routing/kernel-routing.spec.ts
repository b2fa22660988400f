import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { Host } from '@hookpath/model';
import { modelFromText } from '../pipeline/testing/load-example';
import { compileFib, type Fib } from './fib';
import { protocolNumber } from './fib';
import { routeInput } from './route-input';
import { routeOutput } from './route-output';

/**
 * The router of testing/capture-router.sh, built in a network namespace on this kernel: its
 * `ip addr`/`ip route`/`ip rule` output is the snapshot, and every `ip route get` answer it
 * recorded is what the engine must reproduce (rules with every selector and action, longest
 * prefix, metrics, onlink, source selection, rp_filter 0/1/2 with max(all, iface), forwarding).
 */
const capture = readFileSync(join(__dirname, '..', '..', 'src', 'routing', 'testing', 'router-capture.txt'), 'utf8');

function sections(text: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  let current: string[] | null = null;
  for (const line of text.split('\n')) {
    if (line.startsWith('### ')) {
      current = [];
      out.set(line.slice(4), current);
    } else if (current !== null && line.trim() !== '') current.push(line);
  }
  return out;
}

const parts = sections(capture);
const section = (name: string): string => `${(parts.get(name) ?? []).join('\n')}\n`;

function router(sysctl: Record<string, number>): { host: Host; fib: Fib } {
  const lines = Object.entries({
    'net.ipv4.ip_forward': 1,
    'net.ipv4.conf.all.rp_filter': 0,
    'net.ipv4.conf.default.rp_filter': 0,
    ...sysctl,
  }).map(([k, v]) => `${k} = ${v}`);
  const model = modelFromText({
    r: {
      'ip-addr.txt': section('ip addr show'),
      'ip-route.txt': section('ip route show table all'),
      'ip-rule.txt': section('ip rule show'),
      'sysctl.txt': `${lines.join('\n')}\n`,
    },
  });
  const host = model.hosts[0];
  if (host === undefined) throw new Error('no host');
  const fib = compileFib(host);
  if (fib === null) throw new Error('no fib');
  return { host, fib };
}

interface Query {
  dst: string;
  from?: string;
  iif?: string;
  oif?: string;
  mark?: number;
  ipproto?: string;
  dport?: number;
}

function parseQuery(args: string): Query {
  const tokens = args.trim().split(/\s+/);
  const q: Query = { dst: tokens[0] ?? '' };
  for (let i = 1; i + 1 < tokens.length; i += 2) {
    const [k, v] = [tokens[i], tokens[i + 1] ?? ''];
    if (k === 'from') q.from = v;
    if (k === 'iif') q.iif = v;
    if (k === 'oif') q.oif = v;
    if (k === 'mark') q.mark = Number(v);
    if (k === 'ipproto') q.ipproto = v;
    if (k === 'dport') q.dport = Number(v);
  }
  return q;
}

/** The kernel's answer reduced to what both sides can say. */
function kernelAnswer(line: string): string {
  const error = /^RTNETLINK answers: (.*)$/.exec(line);
  if (error) return `error ${error[1]}`;
  const local = /^local \S+(?: from \S+)? dev lo\b(?:.*? src (\S+))?/.exec(line);
  if (local) return local[1] === undefined ? 'local' : `local src ${local[1]}`;
  if (/^broadcast \S+(?: from \S+)? dev lo\b/.test(line)) return 'local';
  const broadcast = /^broadcast \S+ dev (\S+)(?: table \S+)? src (\S+)/.exec(line);
  if (broadcast) return `broadcast dev ${broadcast[1]} src ${broadcast[2]}`;
  const route = /^\S+(?: from \S+)?(?: via (\S+))? dev (\S+)(?: table \S+)?(?: src (\S+))?/.exec(line);
  if (!route) throw new Error(`cannot read ${line}`);
  return `${route[1] === undefined ? '' : `via ${route[1]} `}dev ${route[2]}${route[3] === undefined ? '' : ` src ${route[3]}`}`;
}

const ERRNO: Record<string, string> = {
  BLACKHOLE: 'Invalid argument',
  UNREACHABLE: 'Network is unreachable|No route to host',
  PROHIBIT: 'Permission denied',
  NO_ROUTE: 'Network is unreachable',
  NOT_FORWARDING: 'No route to host',
};

function engineAnswer(q: Query, sysctl: Record<string, number> = {}): string {
  const { host, fib } = router(sysctl);
  const common = {
    mark: q.mark ?? 0,
    proto: q.ipproto === undefined ? 0 : (protocolNumber(q.ipproto) ?? 0),
    sport: 0,
    dport: q.dport ?? 0,
    tos: 0,
    multipath: 0,
  };
  if (q.iif !== undefined) {
    const d = routeInput(host, fib, { src: q.from ?? '0.0.0.0', dst: q.dst, iif: q.iif, ...common });
    switch (d.kind) {
      case 'forward':
        return `${d.egress.gateway === null ? '' : `via ${d.egress.gateway} `}dev ${d.egress.dev}`;
      case 'local':
        return 'local';
      case 'source-invalid':
        return 'error Invalid argument';
      case 'drop':
        return `error ${ERRNO[d.reason] ?? d.reason}`;
      case 'unknown':
        return `unknown ${d.reason}`;
      default:
        return 'unexpected';
    }
  }
  const d = routeOutput(host, fib, { src: q.from ?? null, dst: q.dst, oif: q.oif ?? null, ...common });
  switch (d.kind) {
    case 'out':
      return `${d.egress.gateway === null ? '' : `via ${d.egress.gateway} `}dev ${d.egress.dev} src ${d.src}`;
    case 'local':
      return `local src ${d.src}`;
    case 'broadcast':
      return `broadcast dev ${d.dev} src ${d.src}`;
    case 'drop':
      return `error ${ERRNO[d.reason] ?? d.reason}`;
    case 'unknown':
      return `unknown ${d.reason}`;
    default:
      return 'unexpected';
  }
}

const matches = (engine: string, kernel: string): boolean =>
  engine === kernel || (engine.startsWith('error ') && kernel.startsWith('error ') && engine.slice(6).split('|').includes(kernel.slice(6)));

describe('routing decisions agree with the kernel (ip route get in a namespace)', () => {
  const queries = [...parts.entries()].filter(([name]) => name.startsWith('get '));
  it('has the recorded queries', () => assert.ok(queries.length >= 28, `${queries.length} queries`));
  for (const [name, lines] of queries) {
    it(name, () => {
      const kernel = kernelAnswer(lines[0] ?? '');
      const engine = engineAnswer(parseQuery(name.slice(4)));
      assert.ok(matches(engine, kernel), `engine: ${engine}\nkernel: ${kernel}`);
    });
  }
});

describe('rp_filter agrees with the kernel: effective value max(all, iface), strict/loose/off', () => {
  const cases = [...parts.entries()].filter(([name]) => name.startsWith('rp '));
  it('has the recorded cases', () => assert.ok(cases.length >= 18, `${cases.length} cases`));
  for (const [name, lines] of cases) {
    it(name, () => {
      const m = /^rp all=(\d) (\S+)=(\d) get (.*)$/.exec(name);
      assert.ok(m, name);
      const [, all, dev, value, query] = m;
      const sysctl = { 'net.ipv4.conf.all.rp_filter': Number(all), [`net.ipv4.conf.${dev}.rp_filter`]: Number(value) };
      const kernel = kernelAnswer(lines[0] ?? '');
      const engine = engineAnswer(parseQuery(query ?? ''), sysctl);
      assert.ok(matches(engine, kernel), `engine: ${engine}\nkernel: ${kernel}`);
    });
  }

  it('forwarding off: a forwarded packet gets EHOSTUNREACH, local delivery still works', () => {
    const off = parts.get('forwarding off') ?? [];
    const sysctl = { 'net.ipv4.ip_forward': 0 };
    assert.ok(matches(engineAnswer(parseQuery('8.8.8.8 from 192.168.1.50 iif eth1'), sysctl), kernelAnswer(off[0] ?? '')));
    assert.equal(kernelAnswer(off[1] ?? ''), 'local');
    assert.equal(engineAnswer(parseQuery('10.0.0.2 from 192.168.1.50 iif eth1'), sysctl), 'local');
  });
});
