import type { Endpoint, Host, ParseIssue, SnapshotFile, SnapshotModel, Topology } from '@hookpath/model';
import { isK8sObjectFile, parseK8sFiles } from '../k8s-objects';
import { buildOvnNorthbound } from '../ovn-nbctl-show/build-northbound';
import { parseSnapshotMetaYaml, parseTopologyYaml } from '../yaml-files';
import { deriveOvnBindings } from './derive-ovn-bindings';
import { parseHost, type ParseHostOptions } from './parse-host';

const HOST_NAME = /^[A-Za-z0-9._-]+$/;

export interface ParsedSnapshot {
  model: SnapshotModel;
  /** Any error means the snapshot is refused as a whole. */
  errors: ParseIssue[];
}

/**
 * Parses every file of a snapshot (SNAPSHOT-LAYOUT.md) into the model, collecting every error.
 * `iptablesRules: 'lazy'` reads every iptables-save line for its errors alike, and parses a
 * chain's rules when they are asked for (a one-shot trace); `'unchecked'` reads a rule line only
 * as far as its chain (files that were read in full before, such as a stored snapshot's).
 */
export function parseSnapshot(files: readonly SnapshotFile[], options: ParseHostOptions = {}): ParsedSnapshot {
  const errors: ParseIssue[] = [];
  const warnings: ParseIssue[] = [];
  const model: SnapshotModel = { meta: {}, topology: { links: [], segments: [] }, hosts: [], rawOnly: [], warnings };
  const hostFiles = new Map<string, SnapshotFile[]>();
  let topologyFile: SnapshotFile | undefined;
  const ovnFiles: SnapshotFile[] = [];
  const k8sFiles: SnapshotFile[] = [];
  for (const file of files) {
    const parts = file.path.split('/');
    if (file.path === 'snapshot.yaml') {
      const result = parseSnapshotMetaYaml(file.content, file.path);
      model.meta = result.value;
      errors.push(...result.errors);
    } else if (file.path === 'topology.yaml') {
      const result = parseTopologyYaml(file.content, file.path);
      model.topology = result.value;
      errors.push(...result.errors);
      topologyFile = file;
    } else if (parts[0] === 'hosts' && parts.length === 3) {
      const host = parts[1] ?? '';
      if (!HOST_NAME.test(host)) {
        errors.push({
          file: file.path,
          line: 0,
          column: 0,
          message: `host folder name ${JSON.stringify(host)} must match [A-Za-z0-9._-]+`,
          text: '',
        });
        continue;
      }
      hostFiles.set(host, [...(hostFiles.get(host) ?? []), file]);
    } else if (parts[0] === 'ovn' && parts.length === 2) {
      ovnFiles.push(file);
    } else if (parts[0] === 'k8s' && parts.length >= 2 && isK8sObjectFile(file.path)) {
      k8sFiles.push(file);
    } else if ((parts[0] === 'ovn' || parts[0] === 'k8s') && parts.length >= 2) {
      model.rawOnly.push(file.path);
    } else {
      warnings.push({ file: file.path, line: 0, column: 0, message: 'not part of the snapshot layout; ignored', text: '' });
    }
  }
  for (const [name, own] of [...hostFiles.entries()].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const result = parseHost(name, own, options);
    model.hosts.push(result.host);
    errors.push(...result.errors);
    warnings.push(...result.warnings);
  }
  if (ovnFiles.length > 0) {
    const ovn = buildOvnNorthbound(ovnFiles);
    model.ovn = ovn.value;
    errors.push(...ovn.errors);
    warnings.push(...ovn.warnings);
  }
  if (k8sFiles.length > 0) {
    const kube = parseK8sFiles(k8sFiles);
    model.kube = kube.value;
    errors.push(...kube.errors);
    warnings.push(...kube.warnings);
  }
  if (topologyFile !== undefined) errors.push(...checkTopology(model.topology, model.hosts, topologyFile));
  const derived = deriveOvnBindings(model.topology, model.hosts, model.ovn?.chassis);
  model.topology = derived.topology;
  warnings.push(...derived.warnings);
  return { model, errors };
}

/** Every endpoint of topology.yaml must name a host folder, and an interface it has (when captured). */
function checkTopology(topology: Topology, hosts: readonly Host[], file: SnapshotFile): ParseIssue[] {
  const byName = new Map(hosts.map((h) => [h.name, h]));
  const lines = file.content.split(/\r?\n/);
  const locate = (e: Endpoint): { line: number; column: number; text: string } => {
    const needle = `${e.host}:${e.iface}`;
    const index = lines.findIndex((l) => l.includes(needle));
    return index < 0
      ? { line: 0, column: 0, text: '' }
      : { line: index + 1, column: (lines[index] ?? '').indexOf(needle) + 1, text: lines[index] ?? '' };
  };
  const issues: ParseIssue[] = [];
  const endpoints = [...topology.links.flat(), ...topology.segments.flatMap((s) => s.members)];
  const seen = new Set<string>();
  for (const e of endpoints) {
    const key = `${e.host}:${e.iface}`;
    const host = byName.get(e.host);
    let message: string | null = null;
    if (host === undefined) message = `${key}: there is no hosts/${e.host}/ folder`;
    else if (host.interfaces !== null && !host.interfaces.some((i) => i.name === e.iface))
      message = `${key}: host ${e.host} has no interface ${e.iface}`;
    else if (seen.has(key)) message = `${key} is wired more than once`;
    seen.add(key);
    if (message !== null) issues.push({ file: file.path, ...locate(e), message });
  }
  return issues;
}
