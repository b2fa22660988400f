import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';

/** The hookpath trace request equivalent to one ovn-trace probe (`# request <probe>: k=v ...`). */
export interface ProbeRequest {
  probe: string;
  /** `ovn:<logical switch port>`. */
  from: string;
  src: string;
  dst: string;
  proto: 'tcp' | 'udp' | 'icmp';
  sport?: number;
  dport?: number;
  icmpId?: number;
  /** `ip:port` of the load-balancer backend the probe pins (ovn-trace --lb-dst). */
  backend?: string;
  /** Comma-separated TCP flag names. */
  tcpFlags?: string;
  /** The branch the probe pins where ovn-trace can pin it (an ECMP member by its next hop: --select-id). */
  choose?: string;
}

export interface Scenario {
  name: string;
  file: string;
  requests: ProbeRequest[];
}

const KEYS = new Set(['from', 'src', 'dst', 'proto', 'sport', 'dport', 'icmpId', 'backend', 'tcpFlags', 'choose']);
const NUMBERS = new Set(['sport', 'dport', 'icmpId']);

function parseRequest(line: string, file: string, lineNo: number): ProbeRequest {
  const m = /^# request ([A-Za-z0-9._-]+): (.*)$/.exec(line);
  if (m === null) throw new Error(`${file}:${lineNo}: expected "# request <probe>: key=value ..."`);
  const fields: Record<string, string | number> = { probe: m[1] ?? '' };
  for (const pair of (m[2] ?? '').trim().split(/\s+/)) {
    const eq = pair.indexOf('=');
    const key = pair.slice(0, eq);
    const value = pair.slice(eq + 1);
    if (eq < 1 || !KEYS.has(key))
      throw new Error(`${file}:${lineNo}: unknown request field ${JSON.stringify(pair)} (${[...KEYS].join(', ')})`);
    fields[key] = NUMBERS.has(key) ? Number(value) : value;
  }
  for (const key of ['from', 'src', 'dst', 'proto']) {
    if (fields[key] === undefined) throw new Error(`${file}:${lineNo}: request ${String(fields.probe)} has no ${key}=`);
  }
  if (!['tcp', 'udp', 'icmp'].includes(String(fields.proto))) throw new Error(`${file}:${lineNo}: proto must be tcp, udp or icmp`);
  return fields as unknown as ProbeRequest;
}

export function readScenario(file: string): Scenario {
  const lines = readFileSync(file, 'utf8').split('\n');
  const requests = lines.flatMap((l, i) => (l.startsWith('# request ') ? [parseRequest(l, file, i + 1)] : []));
  return { name: basename(file, '.sh'), file, requests };
}

export function readScenarios(dir: string): Scenario[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.sh'))
    .sort()
    .map((f) => readScenario(join(dir, f)));
}
