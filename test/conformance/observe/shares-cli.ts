import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { EngineRequest } from './observed';
import type { ObservedShares, ObservedWithShares } from './shares';

/**
 * Turns the records of a share case into <case>/share.json, and adds the share cases to the
 * scenario's observed.json. Called by test/conformance/lib-shares.sh:
 *   node shares-cli.js record <case-dir> delivered:<host>:<record> | left:<host>:<iface>:<record> ...
 *                                        [dropped:<host>:<REASON>:<dst>:<dport>:<count>]
 *   node shares-cli.js assemble <out-dir> <case-id>...
 * `record` exits with status 3 and says why when the kernel's evidence is not one place per flow.
 */

interface FlowRecord {
  sport: number;
  result: string;
  server?: string;
}

interface PlaceRecord {
  sport?: number;
  src?: string;
  dst?: string;
  dport?: number;
}

interface Place {
  key: string;
  host: string;
  file: string;
}

class KernelEvidence extends Error {}

/** The records of a file; a listener or sniffer that started (`<file>.ready`) but saw nothing wrote none. */
const lines = <T>(path: string): T[] =>
  (existsSync(path) || !existsSync(`${path}.ready`) ? readFileSync(path, 'utf8') : '')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as T);

function place(spec: string, dir: string): Place {
  const [kind, host, a, b] = spec.split(':');
  if (kind === 'delivered' && host !== undefined && a !== undefined && b === undefined)
    return { key: `DELIVERED ${host}`, host, file: join(dir, `${a}.jsonl`) };
  if (kind === 'left' && host !== undefined && a !== undefined && b !== undefined)
    return { key: `EXITED ${host}:${a}`, host, file: join(dir, `${b}.jsonl`) };
  throw new Error(`bad place ${spec}`);
}

/** Flows the kernel dropped: no place saw them, and the dropping rule's packet counter (`count`) counted them. */
interface Dropped {
  key: string;
  count: number;
}

function dropped(spec: string): Dropped {
  const [, host, reason, dst, dport, count] = spec.split(':');
  if (
    host === undefined ||
    reason === undefined ||
    dst === undefined ||
    dport === undefined ||
    count === undefined ||
    !/^[0-9]+$/.test(count)
  )
    throw new Error(`bad place ${spec}`);
  return { key: `DROPPED (${reason}) ${host} ${dst}:${dport}`, count: Number(count) };
}

function record(dir: string, specs: string[]): ObservedShares {
  const request = JSON.parse(readFileSync(join(dir, 'request.json'), 'utf8')) as EngineRequest;
  const flows = lines<FlowRecord>(join(dir, 'flows.jsonl'));
  const failed = flows.filter((f) => f.result !== 'connected' && f.result !== 'sent');
  if (failed.length > 0) throw new KernelEvidence(`${failed.length} of ${flows.length} flows failed, e.g. ${JSON.stringify(failed[0])}`);
  const places = specs.filter((s) => !s.startsWith('dropped:')).map((s) => place(s, dir));
  const drops = specs.filter((s) => s.startsWith('dropped:')).map(dropped);
  if (drops.length > 1) throw new Error('one dropped place per share case: unseen flows cannot be told apart');
  const wanted = new Set(flows.map((f) => f.sport));
  // per flow, where it ended with which addresses, and the host that recorded it
  const where = new Map<number, Map<string, string>>();
  for (const p of places) {
    for (const r of lines<PlaceRecord>(p.file)) {
      if (r.sport === undefined || !wanted.has(r.sport) || r.src !== request.packet.src) continue;
      const at = where.get(r.sport) ?? new Map<string, string>();
      at.set(`${p.key} ${r.dst ?? '?'}${r.dport === undefined ? '' : `:${r.dport}`}`, p.host);
      where.set(r.sport, at);
    }
  }
  const seen: Record<string, number> = {};
  const drop = drops[0];
  for (const f of flows) {
    const at = [...(where.get(f.sport) ?? new Map<string, string>())];
    if (at.length === 0 && drop !== undefined) {
      seen[drop.key] = (seen[drop.key] ?? 0) + 1;
      continue;
    }
    if (at.length !== 1)
      throw new KernelEvidence(
        `flow from port ${f.sport} was seen ${at.length === 0 ? 'nowhere' : `at ${at.map(([k]) => k).join(' and ')}`}`,
      );
    const [key, host] = at[0] as [string, string];
    if (f.server !== undefined && f.server !== host)
      throw new KernelEvidence(`flow from port ${f.sport}: ${key} recorded it, but ${f.server} answered`);
    seen[key] = (seen[key] ?? 0) + 1;
  }
  if (drop !== undefined && (seen[drop.key] ?? 0) !== drop.count) {
    throw new KernelEvidence(`${seen[drop.key] ?? 0} flows were seen nowhere, but the counter of ${drop.key} counted ${drop.count}`);
  }
  const id = dir.replace(/\/+$/, '').split('/').pop() ?? dir;
  return { id, snapshot: join(id, 'snapshot'), request, samples: flows.length, seen };
}

function main(argv: string[]): void {
  const [command, dir, ...rest] = argv;
  if (command === 'record' && dir !== undefined) {
    try {
      const share = record(dir, rest);
      writeFileSync(join(dir, 'share.json'), `${JSON.stringify(share, null, 2)}\n`);
    } catch (error) {
      if (!(error instanceof KernelEvidence)) throw error;
      process.stderr.write(`${error.message}\n`);
      process.exit(3);
    }
    return;
  }
  if (command === 'assemble' && dir !== undefined) {
    const path = join(dir, 'observed.json');
    const observed = JSON.parse(readFileSync(path, 'utf8')) as ObservedWithShares;
    observed.shares = rest.map((id) => JSON.parse(readFileSync(join(dir, id, 'share.json'), 'utf8')) as ObservedShares);
    writeFileSync(path, `${JSON.stringify(observed, null, 2)}\n`);
    return;
  }
  throw new Error('usage: shares-cli record <case-dir> <place>... | assemble <out-dir> <case>...');
}

main(process.argv.slice(2));
