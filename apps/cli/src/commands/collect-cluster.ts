import { randomBytes } from 'node:crypto';
import { constants as fsConstants, existsSync, rmSync } from 'node:fs';
import { access, copyFile, link, mkdir, mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { RedactedNames } from '@hookpath/model';
import { parseIpAddrJson, parseIpLinkJson, parseSnapshot } from '@hookpath/parsers';
import { readSnapshotDirectory } from '@hookpath/snapshot-io';
import { getAskedPods } from '../collect/kubectl/asked-pods';
import { captureClusterObjects, type ClusterObjects } from '../collect/kubectl/cluster-objects';
import { captureNode, type ClusterPod, type HelperSettings, type HostOutcome } from '../collect/kubectl/capture-node';
import { helperName, startHelpers } from '../collect/kubectl/helper-pods';
import { captureOvn, captureOvnAt, type OvnCapture } from '../collect/kubectl/capture-ovn';
import { checkOvsdbAddress, type OvnAddresses } from '../collect/kubectl/local-ovn-commands';
import { kubectlCommands, VPC_NAT_GATEWAY } from '../collect/kubectl/kubectl-commands';
import { KubectlRunner } from '../collect/kubectl/kubectl-runner';
import { nodeInternalIps, nodeSegments } from '../collect/kubectl/node-segments';
import { podNodeLinks, type PodOnNode } from '../collect/kubectl/pod-node-links';
import { hostMetaYaml, snapshotYaml, topologyYaml } from '../collect/snapshot-yaml';
import { isArchivePath, writeSnapshotArchive } from '../collect/write-archive';
import { EXIT_INTERNAL, EXIT_OK, UsageError } from '../cli-error';
import { formatIssue } from '../format-issue';
import { assertEmptyDirectory } from '../collect/out-dir';
import { CollectProgress } from '../collect/collect-progress';
import { redactSnapshotFolder } from '../collect/redact/redact-folder';
import { parseRedact, type RedactRequest } from '../collect/redact/redact-request';
import { redactText } from '../collect/redact/redact-snapshot';
import { API_OPTIONS, HookpathApi, reportApiError, resolveApiTarget, type ApiTarget } from '../api-client';
import { sendSnapshot } from './upload';

export const COLLECT_CLUSTER_USAGE =
  'kubectl hookpath collect --out <dir|file.tar.gz> [--kubeconfig <file>] [--context <name>] [-n <namespace>] [--nodes a,b | --node-selector <sel>] [--pods [ns/]name,...] [-l <pod selector>] [--all-pods [--max-pods <n>]] [--image <image>] [--helper-namespace <ns>] [--timeout <s>] [--ready-timeout <s>] [--concurrency <n>] [--name <snapshot name>] [--redact all|nodes|namespaces|pods|node:<n>|ns:<n>|pod:[ns/]<n>|<name>,...|@<file>] [--nb <address> [--sb <address>] [--ovn-private-key <f> --ovn-certificate <f> --ovn-ca-cert <f>]] [--upload [--api <url>] [--token <token>]] [--quiet]';

/** What `kubectl hookpath collect` does, as `hookpath --help` and `collect --help` print it under the usage line. */
export const COLLECT_CLUSTER_DESCRIPTION = `      (also hookpath collect --kubeconfig|--context|--nodes|--pods ...) capture a cluster through kubectl:
      every node (or --nodes) and the pods asked for, through a helper pod per node, the Services,
      EndpointSlices and kube-ovn objects; docs/kubectl-hookpath-commands.txt lists every command it runs;
      --redact replaces node, namespace and pod names (not addresses) with placeholders in every file
      (node-1, ns-1, pod-1; snapshot.yaml says so under redacted); --nb/--sb read the OVN databases with
      this machine's ovn-nbctl/ovn-sbctl instead of in kube-ovn's ovn-central pod; --upload sends the
      snapshot to the API (--api/--token or HOOKPATH_API_URL/HOOKPATH_TOKEN, as upload); progress on
      stderr (a bar on a terminal, a line per node otherwise; --quiet: none);
      exits 3 when some host could not be captured (each one's reason is in its meta.yaml)
      e.g. kubectl hookpath collect --out snap.tar.gz, then hookpath trace snap.tar.gz --from <host> ...`;

/** Exit status of a collect that wrote a snapshot in which some host is not captured. */
export const EXIT_PARTIAL = 3;
/** Exit status after Ctrl-C (SIGINT) or SIGTERM: helper pods deleted, no snapshot written. */
export const EXIT_INTERRUPTED = 130;

/** The helper pods' default image: iproute2, iptables (both backends), ipset, conntrack, ipvsadm, nsenter. */
export const DEFAULT_HELPER_IMAGE = 'nicolaka/netshoot:v0.13';

interface ClusterOptions {
  kubeconfig?: string;
  context?: string;
  /** `-n`: the namespace of pods named without one. */
  namespace?: string;
  helperNamespace?: string;
  nodes?: string[];
  /** --node-selector: the nodes whose labels match. */
  nodeSelector?: string;
  pods: { namespace: string; name: string }[];
  /** -l: the pods of -n (else default) whose labels match. */
  podSelector?: string;
  /** --all-pods: every running pod of the cluster, refused past --max-pods. */
  allPods: boolean;
  maxPods: number;
  image: string;
  out: string;
  name: string;
  timeoutSeconds: number;
  readySeconds: number;
  concurrency: number;
  /** --redact: the names replaced by placeholders in every file. */
  redact?: RedactRequest;
  /** --nb/--sb: the OVN databases read here, not in kube-ovn's ovn-central pod. */
  ovnAt?: OvnAddresses;
  /** --upload: the API the snapshot is sent to once written. */
  upload?: ApiTarget;
  /** --quiet: no progress on stderr. */
  quiet: boolean;
}

function positive(flag: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new UsageError(`${flag} ${JSON.stringify(value)}: expected a whole number above 0`);
  return n;
}

const list = (value: string | undefined): string[] | undefined =>
  value === undefined
    ? undefined
    : value
        .split(',')
        .map((s) => s.trim())
        .filter((s) => s !== '');

/** The flags that select the cluster mode of `hookpath collect`. */
export const CLUSTER_FLAGS: readonly string[] = ['--kubeconfig', '--context', '--nodes', '--pods', '--node-selector', '--all-pods'];

export function parseClusterArgs(args: string[]): ClusterOptions {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      kubeconfig: { type: 'string' },
      context: { type: 'string' },
      namespace: { type: 'string', short: 'n' },
      'helper-namespace': { type: 'string' },
      nodes: { type: 'string' },
      pods: { type: 'string', multiple: true },
      'node-selector': { type: 'string' },
      selector: { type: 'string', short: 'l' },
      'all-pods': { type: 'boolean' },
      'max-pods': { type: 'string' },
      image: { type: 'string' },
      out: { type: 'string' },
      name: { type: 'string' },
      timeout: { type: 'string' },
      'ready-timeout': { type: 'string' },
      concurrency: { type: 'string' },
      redact: { type: 'string', multiple: true },
      nb: { type: 'string' },
      sb: { type: 'string' },
      'ovn-private-key': { type: 'string' },
      'ovn-certificate': { type: 'string' },
      'ovn-ca-cert': { type: 'string' },
      upload: { type: 'boolean' },
      ...API_OPTIONS,
      quiet: { type: 'boolean', short: 'q' },
    },
  });
  if (positionals.length > 0)
    throw new UsageError(`unexpected argument ${JSON.stringify(positionals[0])}\nusage: ${COLLECT_CLUSTER_USAGE}`);
  if (values.out === undefined || values.out === '')
    throw new UsageError(`--out <dir|file.tar.gz> is required\nusage: ${COLLECT_CLUSTER_USAGE}`);
  const podNamespace = values.namespace ?? 'default';
  const pods = (values.pods ?? [])
    .flatMap((p) => list(p) ?? [])
    .map((spec) => {
      const parts = spec.split('/');
      const [namespace, name] = parts.length === 1 ? [podNamespace, parts[0] ?? ''] : parts;
      if (parts.length > 2 || namespace === undefined || name === undefined || namespace === '' || name === '')
        throw new UsageError(`--pods ${JSON.stringify(spec)}: expected <namespace>/<name> or <name>`);
      return { namespace, name };
    });
  const nodes = list(values.nodes);
  if (nodes !== undefined && nodes.length === 0) throw new UsageError('--nodes names no node');
  if (nodes !== undefined && values['node-selector'] !== undefined) throw new UsageError('give --nodes or --node-selector, not both');
  const helperNamespace = values['helper-namespace'] ?? values.namespace;
  if (values.upload !== true && (values.api !== undefined || values.token !== undefined))
    throw new UsageError('--api and --token are for --upload; add --upload to send the snapshot to the API');
  // Before anything runs: a missing token is found now, not after the capture.
  const upload = values.upload === true ? resolveApiTarget(values, process.env) : undefined;
  const ovnAt = ovnAddresses(values);
  return {
    ...(values.kubeconfig === undefined ? {} : { kubeconfig: values.kubeconfig }),
    ...(values.context === undefined ? {} : { context: values.context }),
    ...(values.namespace === undefined ? {} : { namespace: values.namespace }),
    ...(helperNamespace === undefined ? {} : { helperNamespace }),
    ...(nodes === undefined ? {} : { nodes }),
    ...(values['node-selector'] === undefined ? {} : { nodeSelector: values['node-selector'] }),
    pods,
    ...(values.selector === undefined ? {} : { podSelector: values.selector }),
    allPods: values['all-pods'] === true,
    maxPods: positive('--max-pods', values['max-pods'], 500),
    image: values.image ?? DEFAULT_HELPER_IMAGE,
    out: values.out,
    name: values.name ?? basename(resolve(values.out)).replace(/\.(tar\.gz|tgz)$/i, ''),
    timeoutSeconds: positive('--timeout', values.timeout, 60),
    readySeconds: positive('--ready-timeout', values['ready-timeout'], 120),
    concurrency: positive('--concurrency', values.concurrency, 8),
    ...(values.redact === undefined ? {} : { redact: parseRedact(values.redact) }),
    ...(ovnAt === undefined ? {} : { ovnAt }),
    ...(upload === undefined ? {} : { upload }),
    quiet: values.quiet === true,
  };
}

/** --nb, --sb and the ssl: files, checked. */
function ovnAddresses(values: {
  nb?: string | undefined;
  sb?: string | undefined;
  'ovn-private-key'?: string | undefined;
  'ovn-certificate'?: string | undefined;
  'ovn-ca-cert'?: string | undefined;
}): OvnAddresses | undefined {
  const files = {
    privateKey: values['ovn-private-key'],
    certificate: values['ovn-certificate'],
    caCert: values['ovn-ca-cert'],
  };
  const given = Object.values(files).filter((f) => f !== undefined).length;
  if (values.nb === undefined) {
    if (values.sb !== undefined)
      throw new UsageError("--sb needs --nb: give the northbound database too (without --nb both are read in kube-ovn's ovn-central pod)");
    if (given > 0) throw new UsageError('--ovn-private-key, --ovn-certificate and --ovn-ca-cert are for --nb/--sb ssl: addresses');
    return undefined;
  }
  checkOvsdbAddress('--nb', values.nb);
  if (values.sb !== undefined) checkOvsdbAddress('--sb', values.sb);
  const ssl = [values.nb, values.sb ?? ''].some((a) => a.split(',').some((p) => p.trim().startsWith('ssl:')));
  if (ssl && given < 3)
    throw new UsageError('an ssl: OVN address needs --ovn-private-key <file>, --ovn-certificate <file> and --ovn-ca-cert <file>');
  if (!ssl && given > 0) throw new UsageError('--ovn-private-key, --ovn-certificate and --ovn-ca-cert are for ssl: addresses');
  for (const [flag, file] of [
    ['--ovn-private-key', files.privateKey],
    ['--ovn-certificate', files.certificate],
    ['--ovn-ca-cert', files.caCert],
  ] as const)
    if (file !== undefined && !existsSync(file)) throw new UsageError(`${flag} ${file}: no such file`);
  return {
    nb: values.nb,
    ...(values.sb === undefined ? {} : { sb: values.sb }),
    ...(ssl && files.privateKey !== undefined && files.certificate !== undefined && files.caCert !== undefined
      ? { ssl: { privateKey: files.privateKey, certificate: files.certificate, caCert: files.caCert } }
      : {}),
  };
}

const record = (value: unknown): Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
const text = (value: unknown): string => (typeof value === 'string' ? value : '');
const firstLine = (stderr: string): string => stderr.trim().split('\n')[0] ?? '';

/** `kubectl get nodes -o json`: the nodes' names. */
function nodeNames(json: string): string[] {
  const items = record(JSON.parse(json)).items;
  if (!Array.isArray(items)) throw new UsageError('`kubectl get nodes -o json` printed no "items" list');
  return items.map((item: unknown) => text(record(record(item).metadata).name)).filter((n) => n !== '');
}

/** A pod asked for, from `kubectl get pod -o json`; a pod that cannot be captured is a reason. */
function clusterPod(json: unknown, role: ClusterPod['role'] = 'pod'): ClusterPod | { host: string; node: string; failure: string } {
  const pod = record(typeof json === 'string' ? JSON.parse(json) : json);
  const metadata = record(pod.metadata);
  const spec = record(pod.spec);
  const status = record(pod.status);
  const namespace = text(metadata.namespace);
  const name = text(metadata.name);
  const host = `${name}.${namespace}`;
  const node = text(spec.nodeName);
  if (node === '') return { host, node, failure: `pod ${namespace}/${name} is not scheduled on a node` };
  if (spec.hostNetwork === true)
    return { host, node, failure: `pod ${namespace}/${name} uses the host network: it is node ${node}'s namespace` };
  if (status.phase !== 'Running') return { host, node, failure: `pod ${namespace}/${name} is ${text(status.phase) || 'not running'}` };
  return { namespace, name, uid: text(metadata.uid), node, host, role };
}

/** Runs `task` on every item, at most `limit` at a time. */
async function eachLimited<T>(items: readonly T[], limit: number, task: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const item = items[next++] as T;
      await task(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

/** How many hosts' files are written at a time: each file is a round trip to the file system's threads. */
const WRITE_HOSTS_AT_ONCE = 16;

async function writeSnapshot(out: string, outcomes: readonly HostOutcome[], objects: Map<string, string>): Promise<void> {
  await eachLimited(outcomes, WRITE_HOSTS_AT_ONCE, async (outcome) => {
    const dir = join(out, 'hosts', outcome.host);
    await mkdir(dir, { recursive: true });
    const node = outcome.role === 'node' ? undefined : outcome.node;
    if ('failure' in outcome) {
      await writeFile(join(dir, 'meta.yaml'), hostMetaYaml(outcome.role, [`not captured: ${outcome.failure}`], node));
      return;
    }
    const notes = [...new Set([...outcome.capture.warnings, ...outcome.capture.notes])];
    await Promise.all([
      ...[...outcome.capture.files].map(([file, content]) => writeFile(join(dir, file), content)),
      writeFile(join(dir, 'meta.yaml'), hostMetaYaml(outcome.role, notes, node)),
    ]);
  });
  if (objects.size > 0) await mkdir(join(out, 'k8s'), { recursive: true });
  await Promise.all([...objects].map(([file, content]) => writeFile(join(out, 'k8s', file), content)));
}

function links(outcomes: readonly HostOutcome[]): ReturnType<typeof podNodeLinks> {
  const interfaces = new Map<string, PodOnNode['pod']>();
  for (const o of outcomes) {
    if ('failure' in o) continue;
    interfaces.set(o.host, {
      host: o.host,
      interfaces: parseIpLinkJson(o.capture.files.get('ip-link.json') ?? '', `hosts/${o.host}/ip-link.json`).value,
    });
  }
  const pairs: PodOnNode[] = [];
  for (const o of outcomes) {
    const pod = interfaces.get(o.host);
    const node = interfaces.get(o.node);
    if (o.role !== 'node' && pod !== undefined && node !== undefined) pairs.push({ pod, node });
  }
  return podNodeLinks(pairs);
}

/**
 * Captures a Kubernetes cluster through kubectl into a snapshot folder (SNAPSHOT-LAYOUT.md): the
 * nodes (all, or --nodes) and the pods asked for (--pods), each through a helper pod on its node
 * (kubectl-commands.ts lists every command), the cluster's Services, EndpointSlices and kube-ovn
 * objects under k8s/, in topology.yaml the veth pairs between pods and nodes and the nodes' network
 * (a segment per subnet of their InternalIPs). A host that cannot be
 * captured is recorded with its reason in its meta.yaml and the rest goes on; the helper pods are
 * deleted at the end, also on Ctrl-C. Exit status 0, or 3 when some host was not captured.
 */
export async function runClusterCollect(args: string[]): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) {
    process.stdout.write(`usage: ${COLLECT_CLUSTER_USAGE}\n${COLLECT_CLUSTER_DESCRIPTION}\n`);
    return EXIT_OK;
  }
  const options = parseClusterArgs(args);
  const archive = isArchivePath(options.out);
  if (
    archive &&
    (await access(options.out).then(
      () => true,
      () => false,
    ))
  )
    throw new UsageError(`--out ${options.out} exists; give a new file name`);
  if (!archive) await assertEmptyDirectory(options.out);
  const kubectl = new KubectlRunner({
    ...(options.kubeconfig === undefined ? {} : { kubeconfig: options.kubeconfig }),
    ...(options.context === undefined ? {} : { context: options.context }),
    timeoutMs: options.timeoutSeconds * 1000,
    concurrency: options.concurrency,
  });
  const context = options.context ?? (await kubectl.run(kubectlCommands.currentContext()));
  if (typeof context !== 'string' && !context.found) throw new UsageError(`kubectl is not on PATH: ${context.stderr}`);
  if (typeof context !== 'string' && context.code !== 0)
    throw new UsageError(`no cluster to collect: \`kubectl config current-context\`: ${firstLine(context.stderr)}`);
  const contextName = typeof context === 'string' ? context : context.stdout.trim();

  const nodesListed = await kubectl.run(kubectlCommands.getNodes());
  if (nodesListed.code !== 0)
    throw new UsageError(
      `cannot list the cluster's nodes: \`kubectl ${nodesListed.args.join(' ')}\` exited with status ${nodesListed.code}: ${firstLine(nodesListed.stderr)}`,
    );
  const known = nodeNames(nodesListed.stdout);
  if (options.nodeSelector !== undefined) {
    const selected = await kubectl.run(kubectlCommands.getNodesBySelector(options.nodeSelector));
    if (selected.code !== 0) throw new UsageError(`--node-selector ${options.nodeSelector}: ${firstLine(selected.stderr)}`);
    options.nodes = nodeNames(selected.stdout);
    if (options.nodes.length === 0) throw new UsageError(`--node-selector ${options.nodeSelector}: no node has these labels`);
  }
  for (const n of options.nodes ?? [])
    if (!known.includes(n))
      throw new UsageError(`--nodes: there is no node ${JSON.stringify(n)} (the cluster has ${known.join(', ') || 'no nodes'})`);

  const objects = new Map<string, string>([['nodes.json', nodesListed.stdout]]);
  const pods: ClusterPod[] = [];
  const outcomes: HostOutcome[] = [];
  for (const { ref, json } of await getAskedPods(kubectl, options.pods)) {
    objects.set(`pod.${ref.namespace}.${ref.name}.json`, json);
    const pod = clusterPod(json);
    if ('failure' in pod) outcomes.push({ host: pod.host, role: 'pod', node: pod.node, failure: pod.failure });
    else pods.push(pod);
  }
  // -l and --all-pods: the pods the API server lists (already running, not on the host network).
  const listed: { flag: string; args: string[] }[] = [
    ...(options.podSelector === undefined
      ? []
      : [{ flag: `-l ${options.podSelector}`, args: kubectlCommands.getPodsByLabel(options.namespace ?? 'default', options.podSelector) }]),
    ...(options.allPods ? [{ flag: '--all-pods', args: kubectlCommands.getAll('pods') }] : []),
  ];
  for (const { flag, args: command } of listed) {
    const got = await kubectl.run(command);
    if (got.code !== 0) throw new UsageError(`${flag}: ${firstLine(got.stderr)}`);
    const items = record(JSON.parse(got.stdout)).items;
    const found = (Array.isArray(items) ? (items as unknown[]) : []).flatMap((item) => {
      const pod = clusterPod(item);
      return 'failure' in pod || pods.some((p) => p.host === pod.host) ? [] : [pod];
    });
    if (pods.length + found.length > options.maxPods)
      throw new UsageError(
        `${flag}: ${pods.length + found.length} pods to capture, more than --max-pods ${options.maxPods}; raise it or narrow the selection`,
      );
    pods.push(...found);
  }
  // kube-ovn's VpcNatGateway pods, found by their label: role gateway (with --nodes, those on these nodes).
  const early: string[] = [];
  const gateways = await kubectl.run(kubectlCommands.getPodsByLabel(VPC_NAT_GATEWAY.namespace, VPC_NAT_GATEWAY.selector));
  if (gateways.code !== 0)
    early.push(
      `gateway pods not looked for: \`kubectl ${gateways.args.join(' ')}\` exited with status ${gateways.code}: ${firstLine(gateways.stderr)}`,
    );
  else {
    const items = record(JSON.parse(gateways.stdout)).items;
    for (const item of Array.isArray(items) ? (items as unknown[]) : []) {
      const pod = clusterPod(item, 'gateway');
      if (options.nodes !== undefined && !options.nodes.includes(pod.node)) continue;
      if (pods.some((p) => p.host === pod.host) || outcomes.some((o) => o.host === pod.host)) continue;
      if ('failure' in pod) outcomes.push({ host: pod.host, role: 'gateway', node: pod.node, failure: pod.failure });
      else pods.push(pod);
    }
  }
  const nodes = [...new Set([...(options.nodes ?? known), ...pods.map((p) => p.node)])].sort();

  const progress = new CollectProgress(process.stderr, { quiet: options.quiet });
  // --nb/--sb: read first, so a database that does not answer stops the run before any helper pod exists.
  let ovn: OvnCapture = { files: new Map(), warnings: [], pod: null };
  if (options.ovnAt !== undefined) ovn = await captureOvnAt(options.ovnAt, options.timeoutSeconds);

  const runId = randomBytes(3).toString('hex');
  const settings: HelperSettings = {
    namespace: options.helperNamespace,
    image: options.image,
    runId,
    readySeconds: options.readySeconds,
    deadlineSeconds: 3600,
    commandSeconds: options.timeoutSeconds,
  };
  let cleaned: Promise<void> | undefined;
  const cleanup = (): Promise<void> => {
    cleaned ??= kubectl.runNow(kubectlCommands.deleteHelpers(options.helperNamespace, runId)).then((deleted) => {
      if (deleted.code !== 0)
        process.stderr.write(
          `warning: helper pods of run ${runId} not deleted: ${firstLine(deleted.stderr)}; delete them with kubectl ${kubectlCommands.deleteHelpers(options.helperNamespace, runId).join(' ')}\n`,
        );
    });
    return cleaned;
  };
  const onSignal = (signal: NodeJS.Signals): void => {
    progress.end();
    process.stderr.write(`hookpath: ${signal}: deleting the helper pods, nothing written\n`);
    kubectl.stop();
    void cleanup().finally(() => process.exit(EXIT_INTERRUPTED));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  let clusterObjects: ClusterObjects = { files: new Map(), warnings: [] };
  try {
    progress.line(
      `collecting ${nodes.length} node${nodes.length === 1 ? '' : 's'} and ${pods.length} pod${pods.length === 1 ? '' : 's'} of context ${contextName} (helper pods hookpath-<node>-${runId})`,
    );
    progress.start(nodes.length, nodes.length + pods.length);
    progress.setPhase('capturing');
    const [perNode, found, ovnFound] = await Promise.all([
      // Every node's helper pod in one create, then each node captured through its own once it is ready.
      startHelpers(kubectl, nodes, settings).then((helpers) =>
        Promise.all(
          nodes.map((node) =>
            (helpers.get(node) ?? Promise.resolve(`no helper pod was asked for on node ${node}`))
              .then((helper) =>
                captureNode(
                  kubectl,
                  helper,
                  node,
                  pods.filter((p) => p.node === node),
                  settings,
                ),
              )
              .then((done) => {
                progress.nodeDone(node, done.length, done.filter((o) => 'failure' in o).length);
                return done;
              }),
          ),
        ),
      ),
      captureClusterObjects(kubectl),
      options.ovnAt === undefined ? captureOvn(kubectl, options.timeoutSeconds) : Promise.resolve(ovn),
    ]);
    outcomes.push(...perNode.flat());
    clusterObjects = found;
    ovn = ovnFound;
    progress.setPhase('deleting the helper pods');
  } finally {
    await cleanup();
    await kubectl.close();
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
  for (const [file, content] of clusterObjects.files) objects.set(file, content);
  clusterObjects.warnings.push(...early, ...ovn.warnings);

  // Written as a folder beside --out, then packed (an archive) or moved into place: never half-written.
  const parent = dirname(resolve(options.out));
  await mkdir(parent, { recursive: true });
  const work = await mkdtemp(join(parent, '.hookpath-collect-'));
  // Ctrl-C while writing: the folder being written is removed, --out is left as it was.
  const onWriteSignal = (signal: NodeJS.Signals): void => {
    progress.end();
    rmSync(work, { recursive: true, force: true });
    process.stderr.write(`hookpath: ${signal}: interrupted while writing the snapshot, nothing written\n`);
    process.exit(EXIT_INTERRUPTED);
  };
  process.once('SIGINT', onWriteSignal);
  process.once('SIGTERM', onWriteSignal);
  let status: number;
  try {
    const dir = join(work, archive ? options.name : 'snapshot');
    progress.setPhase('writing the snapshot');
    status = await writeAndCheck(dir, {
      options,
      contextName,
      nodes,
      pods,
      outcomes,
      objects,
      clusterObjects,
      ovn: ovn.files,
      runId,
      progress,
    });
    if (archive) {
      // Packed beside it, then linked into place: never a partial archive, never over a file.
      const packed = join(work, 'snapshot.tar.gz');
      await writeSnapshotArchive(dir, packed, options.name);
      await link(packed, options.out)
        // A file system without hard links: copied, still never over a file.
        .catch((error: NodeJS.ErrnoException) =>
          error.code === 'EEXIST' ? Promise.reject(error) : copyFile(packed, options.out, fsConstants.COPYFILE_EXCL),
        )
        .catch((error: NodeJS.ErrnoException) => {
          if (error.code === 'EEXIST') throw new UsageError(`--out ${options.out} appeared while collecting; the snapshot is not written`);
          throw error;
        });
    } else await rename(dir, resolve(options.out));
  } finally {
    process.off('SIGINT', onWriteSignal);
    process.off('SIGTERM', onWriteSignal);
    progress.end();
    await rm(work, { recursive: true, force: true });
  }
  if (options.upload !== undefined && status === EXIT_INTERNAL)
    process.stderr.write(`hookpath: ${options.out} is not uploaded: it does not parse (the errors above)\n`);
  if (options.upload === undefined || status === EXIT_INTERNAL) return status;
  return upload(options.out, options.name, options.upload, options.quiet, status);
}

/**
 * --upload: the snapshot just written, sent as `hookpath upload` sends it (a folder as JSON, an
 * archive as multipart). The exit status is the collect's, or upload's when the API refuses it or
 * cannot be reached (the snapshot stays written; the message says how to send it again).
 */
async function upload(out: string, name: string, target: ApiTarget, quiet: boolean, status: number): Promise<number> {
  if (!quiet) process.stderr.write(`uploading ${out} to ${target.baseUrl}\n`);
  try {
    const created = await sendSnapshot(new HookpathApi(target), out, name);
    process.stdout.write(
      `${created.existing ? 'already stored' : 'uploaded'}: snapshot "${created.name}" ${created.id} (${target.baseUrl}/api/v1/snapshots/${created.id})\n`,
    );
    return status;
  } catch (error) {
    const failed = reportApiError(error, (line) => process.stderr.write(`${line}\n`));
    if (failed === null) throw error;
    process.stderr.write(
      `hookpath: ${out} is written but not uploaded; send it with: hookpath upload ${out} --name ${JSON.stringify(name)}\n`,
    );
    return failed;
  }
}

interface Collected {
  options: ClusterOptions;
  contextName: string;
  nodes: string[];
  pods: ClusterPod[];
  outcomes: HostOutcome[];
  objects: Map<string, string>;
  clusterObjects: ClusterObjects;
  /** ovn/'s files. */
  ovn: Map<string, string>;
  /** The helper pods' run id (their names appear in the notes of hosts not captured). */
  runId: string;
  progress: CollectProgress;
}

/**
 * Where OVN meets the hosts captured: the bindings and chassis the parser derived from the nodes'
 * ovs-interfaces.json and ovn/sbctl-show.txt, and the pods no binding reaches (a trace from them
 * would not enter OVN), named as the snapshot names them (redacted with --redact).
 */
function ovnBindingsSummary(model: ReturnType<typeof parseSnapshot>['model']): string {
  const ports = model.topology.ovn?.ports ?? [];
  const chassis = Object.keys(model.topology.ovn?.chassis ?? {}).length;
  const bound = new Set(ports.map((b) => b.endpoint.host));
  const unbound = model.hosts
    .filter((h) => (h.meta.role === 'pod' || h.meta.role === 'gateway') && h.interfaces !== null && !bound.has(h.name))
    .map((h) => h.name);
  return [
    `OVN: ${ports.length} logical switch port${ports.length === 1 ? '' : 's'} bound to captured interfaces, ${chassis} chassis mapped to nodes (derived from ovs-interfaces.json and ovn/sbctl-show.txt)\n`,
    ...(unbound.length === 0
      ? []
      : [`OVN: no logical switch port bound to ${unbound.join(', ')} (their node has no ovs-interfaces.json naming them)\n`]),
  ].join('');
}

/** Writes the snapshot folder, reads it back with the parser, prints the summary; the exit status. */
async function writeAndCheck(
  out: string,
  { options, contextName, nodes, pods, outcomes, objects, clusterObjects, ovn, runId, progress }: Collected,
): Promise<number> {
  await mkdir(out, { recursive: true });
  outcomes.sort((a, b) => (a.host < b.host ? -1 : a.host > b.host ? 1 : 0));
  await writeSnapshot(out, outcomes, objects);
  if (ovn.size > 0) await mkdir(join(out, 'ovn'), { recursive: true });
  for (const [file, content] of ovn) await writeFile(join(out, 'ovn', file), content);
  const found = links(outcomes);
  const internalIps = nodeInternalIps(objects.get('nodes.json') ?? '{}');
  const segments = nodeSegments(
    outcomes.flatMap((o) =>
      o.role === 'node' && !('failure' in o)
        ? [
            {
              host: o.host,
              internalIps: internalIps.get(o.host) ?? [],
              interfaces: parseIpAddrJson(o.capture.files.get('ip-addr.json') ?? '', `hosts/${o.host}/ip-addr.json`).value,
            },
          ]
        : [],
    ),
  );
  await writeFile(join(out, 'topology.yaml'), topologyYaml(found, segments));
  let redacted: RedactedNames | undefined;
  let hide = (name: string): string => name;
  if (options.redact !== undefined) {
    progress.setPhase('redacting names');
    // kube-ovn names a node's join-switch port node-<node>; the helper pods' names are in the notes.
    const redaction = await redactSnapshotFolder(out, options.redact, (name, placeholder, kind) =>
      kind === 'node'
        ? [
            [`node-${name}`, `node-${placeholder}`],
            [helperName(name, runId), helperName(placeholder, runId)],
          ]
        : [],
    );
    redacted = redaction.counts;
    hide = (name) => redactText(name, redaction.mapping);
    // The name is also the archive's top folder and what --upload stores.
    options.name = hide(options.name);
    for (const w of redaction.warnings) clusterObjects.warnings.push(w);
  }
  await writeFile(
    join(out, 'snapshot.yaml'),
    snapshotYaml({
      name: options.name,
      cluster: hide(contextName),
      capturedAt: new Date().toISOString(),
      description: `kubectl hookpath collect of context ${hide(contextName)}: ${nodes.length} node(s), ${pods.length} pod(s)${redacted === undefined ? '' : '; names replaced by placeholders (redacted)'}`,
      ...(redacted === undefined ? {} : { redacted }),
    }),
  );
  progress.setPhase('checking the snapshot');
  progress.end();

  for (const w of clusterObjects.warnings) process.stderr.write(`warning: ${w}\n`);
  for (const o of outcomes) if (!('failure' in o)) for (const w of o.capture.warnings) process.stderr.write(`warning: ${o.host}: ${w}\n`);
  const { model, errors } = parseSnapshot(await readSnapshotDirectory(out));
  for (const w of model.warnings) process.stderr.write(`warning: ${formatIssue(w)}\n`);
  if (errors.length > 0) {
    for (const e of errors) process.stderr.write(`error: ${formatIssue(e)}\n`);
    process.stderr.write(
      `hookpath: the snapshot written to ${options.out} does not parse (${errors.length} error(s)); please report this with the files named above\n`,
    );
    return EXIT_INTERNAL;
  }
  const captured = outcomes.filter((o) => !('failure' in o)).map((o) => o.host);
  const missed = outcomes.flatMap((o) => ('failure' in o ? [o] : []));
  process.stdout.write(
    `${options.out}: ${captured.length} host${captured.length === 1 ? '' : 's'} captured (${captured.join(', ')}), ${found.length} veth link${found.length === 1 ? '' : 's'}\n`,
  );
  for (const m of missed) process.stdout.write(`not captured: ${m.host}: ${m.failure}\n`);
  if (ovn.size > 0) process.stdout.write(ovnBindingsSummary(model));
  if (redacted !== undefined)
    process.stdout.write(
      `redacted: ${redacted.nodes ?? 0} node, ${redacted.namespaces ?? 0} namespace, ${redacted.pods ?? 0} pod and ${redacted.names ?? 0} other name(s) replaced by placeholders in every file (snapshot.yaml: redacted)\n`,
    );
  return missed.length === 0 ? EXIT_OK : EXIT_PARTIAL;
}
