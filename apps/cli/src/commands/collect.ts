import { mkdir, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { HostRole } from '@hookpath/model';
import { parseIpLinkJson, parseSnapshot } from '@hookpath/parsers';
import { readSnapshotDirectory } from '@hookpath/snapshot-io';
import { CaptureError, captureHost, LOCAL_OVS, type HostCapture } from '../collect/capture-host';
import { localPlace, runIn, type Place } from '../collect/run-command';
import { hostMetaYaml, snapshotYaml, topologyYaml } from '../collect/snapshot-yaml';
import { parseNetnsListId, vethLinks, type CapturedNamespace } from '../collect/veth-links';
import { EXIT_INTERNAL, EXIT_OK, UsageError } from '../cli-error';
import { formatIssue } from '../format-issue';
import { assertEmptyDirectory } from '../collect/out-dir';
import { CLUSTER_FLAGS, runClusterCollect } from './collect-cluster';

export const COLLECT_USAGE =
  'hookpath collect [--netns <name>...] --out <dir> [--role <netns>=node|pod|gateway|external ...] [--name <snapshot name>]';

const HOST_NAME = /^[A-Za-z0-9._-]+$/;
const ROLES: readonly HostRole[] = ['node', 'pod', 'gateway', 'external'];
const isRole = (value: string): value is HostRole => (ROLES as readonly string[]).includes(value);

interface CollectOptions {
  namespaces: string[];
  out: string;
  roles: Map<string, HostRole>;
  name: string;
}

function parseCollectArgs(args: string[]): CollectOptions {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      netns: { type: 'string', multiple: true },
      out: { type: 'string' },
      role: { type: 'string', multiple: true },
      name: { type: 'string' },
    },
  });
  const given = values.netns ?? [];
  // `--netns a b c`: the names after the first one arrive as positionals.
  if (positionals.length > 0 && given.length === 0)
    throw new UsageError(`unexpected argument ${JSON.stringify(positionals[0])}\nusage: ${COLLECT_USAGE}`);
  const namespaces = [...given, ...positionals];
  if (values.out === undefined || values.out === '') throw new UsageError(`--out <dir> is required\nusage: ${COLLECT_USAGE}`);
  for (const ns of namespaces) {
    if (!HOST_NAME.test(ns))
      throw new UsageError(`namespace name ${JSON.stringify(ns)} cannot be a host folder name (it must match [A-Za-z0-9._-]+)`);
  }
  if (new Set(namespaces).size !== namespaces.length) throw new UsageError('a namespace is named twice in --netns');
  const roles = new Map<string, HostRole>();
  for (const spec of values.role ?? []) {
    const eq = spec.lastIndexOf('=');
    const ns = eq < 0 ? '' : spec.slice(0, eq);
    const role = eq < 0 ? '' : spec.slice(eq + 1);
    if (ns === '' || !isRole(role)) throw new UsageError(`--role ${JSON.stringify(spec)}: expected <netns>=${ROLES.join('|')}`);
    if (namespaces.length > 0 && !namespaces.includes(ns))
      throw new UsageError(`--role ${spec}: ${ns} is not one of the --netns namespaces`);
    roles.set(ns, role);
  }
  return { namespaces, out: values.out, roles, name: values.name ?? basename(resolve(values.out)) };
}

function currentHostName(): string {
  const name = hostname().replace(/[^A-Za-z0-9._-]/g, '-');
  return name === '' ? 'localhost' : name;
}

async function writeHost(out: string, host: string, capture: HostCapture, role: HostRole): Promise<void> {
  const dir = join(out, 'hosts', host);
  await mkdir(dir, { recursive: true });
  for (const [file, content] of capture.files) await writeFile(join(dir, file), content);
  await writeFile(join(dir, 'meta.yaml'), hostMetaYaml(role, capture.notes));
}

/**
 * Captures network namespaces into a snapshot folder (SNAPSHOT-LAYOUT.md): one host per
 * namespace, the veth pairs between them in topology.yaml; then reads the folder back with the
 * snapshot parser, so what it wrote is known to load. With --kubeconfig, --context, --nodes or
 * --pods it captures a cluster through kubectl instead (collect-cluster.ts).
 */
export async function runCollect(args: string[]): Promise<number> {
  if (args.some((a) => CLUSTER_FLAGS.some((flag) => a === flag || a.startsWith(`${flag}=`)))) return runClusterCollect(args);
  const options = parseCollectArgs(args);
  await assertEmptyDirectory(options.out);
  const places: { host: string; netns: string | null; place: Place }[] =
    options.namespaces.length === 0
      ? [{ host: currentHostName(), netns: null, place: localPlace(null) }]
      : options.namespaces.map((netns) => ({ host: netns, netns, place: localPlace(netns) }));
  const captured: CapturedNamespace[] = [];
  await mkdir(options.out, { recursive: true });
  for (const { host, netns, place } of places) {
    // Open vSwitch is the machine's, not a namespace's: read only when capturing the current one.
    const capture = await captureHost(place, netns === null ? LOCAL_OVS : undefined).catch((error: unknown) => {
      throw error instanceof CaptureError ? new UsageError(error.message) : error;
    });
    for (const w of capture.warnings) process.stderr.write(`warning: ${host}: ${w}\n`);
    await writeHost(options.out, host, capture, options.roles.get(host) ?? 'node');
    const link = parseIpLinkJson(capture.files.get('ip-link.json') ?? '', `hosts/${host}/ip-link.json`);
    const ids = await runIn(place, ['ip', '-j', 'netns', 'list-id']);
    captured.push({ host, interfaces: link.value, peers: ids.code === 0 ? parseNetnsListId(ids.stdout) : new Map() });
  }
  const hostOfNetns = new Map(places.flatMap((p) => (p.netns === null ? [] : [[p.netns, p.host] as const])));
  const links = vethLinks(captured, hostOfNetns);
  await writeFile(join(options.out, 'topology.yaml'), topologyYaml(links));
  const description =
    options.namespaces.length === 0
      ? 'hookpath collect of the current network namespace'
      : `hookpath collect of network namespaces ${options.namespaces.join(', ')}`;
  await writeFile(
    join(options.out, 'snapshot.yaml'),
    snapshotYaml({ name: options.name, capturedAt: new Date().toISOString(), description }),
  );

  const { model, errors } = parseSnapshot(await readSnapshotDirectory(options.out));
  for (const w of model.warnings) process.stderr.write(`warning: ${formatIssue(w)}\n`);
  if (errors.length > 0) {
    for (const e of errors) process.stderr.write(`error: ${formatIssue(e)}\n`);
    process.stderr.write(
      `hookpath: the snapshot written to ${options.out} does not parse (${errors.length} error(s)); please report this with the files named above\n`,
    );
    return EXIT_INTERNAL;
  }
  process.stdout.write(
    `${options.out}: ${places.length} host${places.length === 1 ? '' : 's'} (${places.map((p) => p.host).join(', ')}), ${links.length} veth link${links.length === 1 ? '' : 's'}\n`,
  );
  return EXIT_OK;
}
