import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';

/**
 * Adds the OVN bindings of a joint scenario to the topology.yaml the collector wrote (called by
 * lib.sh's collect_snapshot): `.ovn-ports` lines `<lsp> <host>:<iface>`, `.ovn-localnets` lines
 * `<lsp> <segment> <host>:<iface>...` (the segment and its members are added too).
 *
 *   node topology-cli.js <snapshot-dir>
 */
interface Topology {
  links?: [string, string][];
  segments?: { name: string; members: string[] }[];
  ovn?: { ports?: [string, string][]; localnet?: [string, string][]; chassis?: Record<string, string> };
}

const lines = (file: string): string[][] =>
  existsSync(file)
    ? readFileSync(file, 'utf8')
        .split('\n')
        .map((l) => l.trim())
        .filter((l) => l !== '')
        .map((l) => l.split(/\s+/))
    : [];

function main(dir: string | undefined): void {
  if (dir === undefined) throw new Error('usage: topology-cli <snapshot-dir>');
  const file = join(dir, 'topology.yaml');
  const topology = (existsSync(file) ? (parse(readFileSync(file, 'utf8')) as Topology | null) : null) ?? {};
  const ports = lines(join(dir, '.ovn-ports')).map(([lsp = '', at = '']) => [`ovn:${lsp}`, at] as [string, string]);
  const localnets = lines(join(dir, '.ovn-localnets'));
  const ovn = { ...(topology.ovn ?? {}) };
  if (ports.length > 0) ovn.ports = [...(ovn.ports ?? []), ...ports];
  for (const [lsp = '', segment = '', ...members] of localnets) {
    ovn.localnet = [...(ovn.localnet ?? []), [`ovn:${lsp}`, `segment:${segment}`]];
    topology.segments = [...(topology.segments ?? []), { name: segment, members }];
  }
  topology.ovn = ovn;
  writeFileSync(file, stringify(topology));
}

main(process.argv[2]);
