import { HOST_COMMAND_GUARDS, HOST_COMMANDS, type NodeOvsCommands } from '../capture-host';
import { batchScript, nodeScript } from './batch-script';
import { localOvnCommands } from './local-ovn-commands';

/**
 * How long the first wait for the helper pods lasts at most: a pod that is not ready by then (an
 * image still pulling, a node that cannot run it) is waited for again, for the rest of
 * `--ready-timeout`, while the nodes whose pods are ready are captured.
 */
export const FIRST_WAIT_SECONDS = 15;

/**
 * Every kubectl command `kubectl hookpath collect` runs, built here and nowhere else, so the list
 * users review (docs/kubectl-hookpath-commands.txt, generated from `documentedCommands`) is the
 * list the code can run. Each command is preceded by the user's `--kubeconfig` and `--context`
 * when given.
 */

/** The label on every helper pod of one run: a run deletes its own pods, found by this label. */
export const RUN_LABEL = 'hookpath.dev/run';
/** The helper pod's only container, where the commands run. */
export const HELPER_CONTAINER = 'hookpath';
/** Where the helper pod mounts the node's root file system (as `kubectl debug node/...` does). */
export const HOST_ROOT = '/host';

/** kube-ovn's resources that SNAPSHOT-LAYOUT.md lists under k8s/, fetched when the cluster serves them. */
export const KUBE_OVN_RESOURCES: readonly string[] = [
  'vpcs.kubeovn.io',
  'subnets.kubeovn.io',
  'vpc-nat-gateways.kubeovn.io',
  'iptables-eips.kubeovn.io',
  'iptables-fip-rules.kubeovn.io',
  'iptables-dnat-rules.kubeovn.io',
  'iptables-snat-rules.kubeovn.io',
  'ovn-eips.kubeovn.io',
  'ovn-fips.kubeovn.io',
  'ovn-snat-rules.kubeovn.io',
  'ovn-dnat-rules.kubeovn.io',
];

/** Cluster-wide lists saved under k8s/ (never Secrets). */
export const CLUSTER_LISTS: readonly string[] = ['services', 'endpointslices.discovery.k8s.io'];

const ns = (namespace: string | undefined): string[] => (namespace === undefined ? [] : ['-n', namespace]);

export const kubectlCommands = {
  currentContext: (): string[] => ['config', 'current-context'],
  getNodes: (): string[] => ['get', 'nodes', '-o', 'json'],
  getNodesBySelector: (selector: string): string[] => ['get', 'nodes', '-l', selector, '-o', 'json'],
  /** One pod prints as itself, several as a List of them. */
  getPods: (namespace: string, names: readonly string[]): string[] => ['get', 'pod', ...names, '-n', namespace, '-o', 'json'],
  getAll: (resource: string): string[] => ['get', resource, '--all-namespaces', '-o', 'json'],
  apiResources: (group: string): string[] => ['api-resources', `--api-group=${group}`, '-o', 'name'],
  /** Every node's helper pod in one create: their manifests arrive on stdin as one List (`helperPodList`). */
  createHelpers: (namespace: string | undefined): string[] => ['create', ...ns(namespace), '-f', '-', '-o', 'name'],
  /** The helper pods in one wait, each reported as it becomes ready; 0 seconds checks each once without waiting. */
  waitReady: (namespace: string | undefined, pods: readonly string[], seconds: number): string[] => [
    'wait',
    ...ns(namespace),
    '--for=condition=Ready',
    ...pods.map((pod) => `pod/${pod}`),
    `--timeout=${seconds}s`,
  ],
  getPodsByLabel: (namespace: string, selector: string): string[] => ['get', 'pods', '-n', namespace, '-l', selector, '-o', 'json'],
  execIn: (namespace: string, pod: string, container: string, argv: readonly string[]): string[] => [
    'exec',
    '-n',
    namespace,
    pod,
    '-c',
    container,
    '--',
    ...argv,
  ],
  exec: (namespace: string | undefined, pod: string, argv: readonly string[]): string[] => [
    'exec',
    ...ns(namespace),
    pod,
    '-c',
    HELPER_CONTAINER,
    '--',
    ...argv,
  ],
  deleteHelpers: (namespace: string | undefined, runId: string): string[] => [
    'delete',
    'pods',
    ...ns(namespace),
    '-l',
    `${RUN_LABEL}=${runId}`,
    '--ignore-not-found',
    '--wait=false',
  ],
};

/** Inside a helper pod: the node's container runtime, through the node's own crictl. */
export const runtimeCommands = {
  listSandboxes: (): string[] => ['chroot', HOST_ROOT, 'crictl', 'pods', '-o', 'json'],
  inspectSandbox: (id: string): string[] => ['chroot', HOST_ROOT, 'crictl', 'inspectp', '-o', 'json', id],
  /** Several sandboxes in one crictl (one JSON object for one id, an array of them for several). */
  inspectSandboxes: (ids: readonly string[]): string[] => ['chroot', HOST_ROOT, 'crictl', 'inspectp', '-o', 'json', ...ids],
};

const OVS_SOCKET = '${OVS_RUNDIR:-/var/run/openvswitch}/db.sock';

/**
 * Inside a helper pod: the node's Open vSwitch (`ovs-interfaces.json`: which OVN port each interface
 * plugs in), where its database socket exists: through the node's own ovs-vsctl (as crictl), else,
 * where OVS runs in a container only (kube-ovn's ovs-ovn pods), the helper image's ovs-vsctl on the
 * node's socket.
 */
export const NODE_OVS: NodeOvsCommands = {
  probe: ['chroot', HOST_ROOT, 'sh', '-c', `test -S "${OVS_SOCKET}"`],
  list: [
    'sh',
    '-c',
    [
      `if chroot ${HOST_ROOT} sh -c 'command -v ovs-vsctl' >/dev/null 2>&1; then exec chroot ${HOST_ROOT} ovs-vsctl -f json list Interface; fi`,
      "command -v ovs-vsctl >/dev/null 2>&1 || { echo 'ovs-vsctl is neither on the node nor in the helper image (--image)' >&2; exit 127; }",
      `exec ovs-vsctl --db="unix:${HOST_ROOT}${OVS_SOCKET}" -f json list Interface`,
    ].join('; '),
  ],
};

/** A node's commands: every host's, then its OVS's. */
export const NODE_COMMANDS: readonly (readonly string[])[] = [...HOST_COMMANDS, NODE_OVS.probe, NODE_OVS.list];

const hostGuards = (): Map<number, number> => {
  const guards = new Map<number, number>();
  for (const [command, guard] of HOST_COMMAND_GUARDS) guards.set(HOST_COMMANDS.indexOf(command), HOST_COMMANDS.indexOf(guard));
  return guards;
};

/** A node's guards: the host's, and the OVS list only after its probe. */
const nodeGuards = (): Map<number, number> => hostGuards().set(NODE_COMMANDS.indexOf(NODE_OVS.list), NODE_COMMANDS.indexOf(NODE_OVS.probe));

/** Every command of one host in one script (batch-script.ts), its results in the tar's folder `host`; `seconds` is --timeout. */
export function hostBatchScript(seconds: number | string): string {
  return batchScript([{ folder: 'host', commands: HOST_COMMANDS, guards: hostGuards() }], seconds);
}

/** The tar folder of a node's own results in `nodeBatchScript`, and of its i-th pod's. */
export const NODE_FOLDER = 'node';
export const podFolder = (i: number): string => `pod-${i}`;
/**
 * `crictl inspectp -o json` of every sandbox (`inspect.out`, `.err` and status in the tar's root), or of
 * one pod's when that did not give a process id per sandbox (in the pod's folder); and, in a pod's
 * folder, the process id the script used.
 */
export const INSPECT_FILE = 'inspect';
export const PID_FILE = 'pid';

/**
 * A node and the pods on it in one script (batch-script.ts `nodeScript`): the node's commands, then
 * `crictl inspectp` of all the pods' sandboxes (by id) at once, each sandbox's process id read from
 * its `"pid": <n>` line (the caller checks it against the JSON's info.pid), and each pod's commands
 * in one shell in that process's network namespace.
 */
export function nodeBatchScript(seconds: number | string, sandboxIds: readonly string[]): string {
  return nodeScript(
    {
      node: { commands: NODE_COMMANDS, guards: nodeGuards() },
      pods: { commands: HOST_COMMANDS, guards: hostGuards() },
      sandboxIds,
      inspect: runtimeCommands.inspectSandboxes,
      nodeFolder: NODE_FOLDER,
      podFolder,
      inspectFile: INSPECT_FILE,
      pidFile: PID_FILE,
      enter: 'nsenter -t "$pid" -n --',
    },
    seconds,
  );
}

/** kube-ovn's VpcNatGateway pods (a StatefulSet per gateway, its pods labelled so), captured as role gateway. */
export const VPC_NAT_GATEWAY = { namespace: 'kube-system', selector: 'ovn.kubernetes.io/vpc-nat-gw=true' } as const;

/** kube-ovn's OVN databases: its ovn-central pods and the container the OVN tools run in. */
export const OVN_CENTRAL = { namespace: 'kube-system', selector: 'app=ovn-central', container: 'ovn-central' } as const;

/**
 * In the ovn-central pod: the files of ovn/. ovsdb-client is given the northbound socket that
 * ovn-nbctl itself uses by default (under $OVN_RUNDIR, /var/run/ovn in kube-ovn's image).
 */
export const OVN_COMMANDS: readonly { file: string; argv: readonly string[] }[] = [
  { file: 'nbctl-show.txt', argv: ['ovn-nbctl', 'show'] },
  {
    file: 'nb.json',
    argv: ['sh', '-c', 'exec ovsdb-client -f json dump "unix:${OVN_RUNDIR:-/var/run/ovn}/ovnnb_db.sock" OVN_Northbound'],
  },
  { file: 'sbctl-show.txt', argv: ['ovn-sbctl', 'show'] },
];

/** The OVN commands in one script, their results in the tar's folder `ovn`. */
export function ovnBatchScript(seconds: number | string): string {
  return batchScript([{ folder: 'ovn', commands: OVN_COMMANDS.map((c) => c.argv) }], seconds);
}

/** Inside a helper pod: the batch script, run by the image's shell. */
export const inShell = (script: string): string[] => ['sh', '-c', script];

/** Inside a helper pod: a command in the network namespace of the process `pid` (a pod's sandbox). */
export const inPodNetns = (pid: number | string, argv: readonly string[]): string[] => ['nsenter', '-t', String(pid), '-n', '--', ...argv];

export interface HelperPodSpec {
  name: string;
  node: string;
  image: string;
  runId: string;
  /** The pod ends itself after this long, should the run never delete it. */
  deadlineSeconds: number;
}

/**
 * The helper pod placed on a node: the node's network and process namespaces (hostNetwork,
 * hostPID), privileged (iptables-save, conntrack, nsenter), the node's root file system at /host,
 * tolerating every taint; what `kubectl debug node/<n> --profile=sysadmin` creates, with a name
 * and label this run knows so that it can always remove it.
 */
export function helperPodManifest(spec: HelperPodSpec): Record<string, unknown> {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: spec.name, labels: { 'app.kubernetes.io/name': 'hookpath-collect', [RUN_LABEL]: spec.runId } },
    spec: {
      nodeName: spec.node,
      hostNetwork: true,
      hostPID: true,
      restartPolicy: 'Never',
      terminationGracePeriodSeconds: 0,
      activeDeadlineSeconds: spec.deadlineSeconds,
      tolerations: [{ operator: 'Exists' }],
      containers: [
        {
          name: HELPER_CONTAINER,
          image: spec.image,
          command: ['sleep', String(spec.deadlineSeconds)],
          securityContext: { privileged: true },
          volumeMounts: [{ name: 'host-root', mountPath: HOST_ROOT }],
        },
      ],
      volumes: [{ name: 'host-root', hostPath: { path: '/' } }],
    },
  };
}

/** Several manifests as one object for `kubectl create -f -`, which creates each item of a List. */
export function helperPodList(manifests: readonly Record<string, unknown>[]): Record<string, unknown> {
  return { apiVersion: 'v1', kind: 'List', items: manifests };
}

/** The placeholders of the documented list, in place of the values a run fills in. */
export const PLACEHOLDER = {
  helperNamespace: '<helper namespace>',
  helperPod: '<helper pod>',
  namespace: '<namespace>',
  pod: '<pod>',
  seconds: '<seconds>',
  sandbox: '<sandbox id>',
  pid: '<pid>',
  runId: '<run id>',
  image: '<image>',
  node: '<node>',
} as const;

const line = (args: readonly string[]): string => ['kubectl', ...args].join(' ');

/** The documented wait: its pods as `pod/<helper pod>...`, its timeout `seconds`. */
const waitLine = (seconds: string): string[] =>
  kubectlCommands
    .waitReady(PLACEHOLDER.helperNamespace, [`${PLACEHOLDER.helperPod}...`], 0)
    .map((a) => (a === '--timeout=0s' ? `--timeout=${seconds}s` : a));

/** The documented list: every command line, with placeholders, in the order a run meets them. */
export function documentedCommands(): string {
  const P = PLACEHOLDER;
  const exec = (argv: readonly string[]): string => line(kubectlCommands.exec(P.helperNamespace, P.helperPod, argv));
  const manifest = JSON.stringify(
    helperPodManifest({ name: P.helperPod, node: P.node, image: P.image, runId: P.runId, deadlineSeconds: 3600 }),
    null,
    2,
  );
  return [
    '# Every command `kubectl hookpath collect` (or `hookpath collect --kubeconfig ...`) runs.',
    '# Each kubectl command is preceded by --kubeconfig <file> and --context <context> when given;',
    "# `-n <helper namespace>` is --helper-namespace, else -n; without either it is left out (the context's namespace).",
    '# Generated from apps/cli/src/collect/kubectl/kubectl-commands.ts; a test compares the two.',
    '',
    '## The cluster',
    line(kubectlCommands.currentContext()),
    line(kubectlCommands.getNodes()),
    line(kubectlCommands.getNodesBySelector('<node selector>')),
    line(kubectlCommands.getPods(P.namespace, [`${P.pod}...`])),
    line(kubectlCommands.getPodsByLabel(P.namespace, '<pod selector>')),
    line(kubectlCommands.getAll('pods')),
    line(kubectlCommands.getPodsByLabel(VPC_NAT_GATEWAY.namespace, VPC_NAT_GATEWAY.selector)),
    ...CLUSTER_LISTS.map((r) => line(kubectlCommands.getAll(r))),
    line(kubectlCommands.apiResources('kubeovn.io')),
    ...KUBE_OVN_RESOURCES.map((r) => line(kubectlCommands.getAll(r))),
    '',
    '## One helper pod per node, all created in one create (a List of the manifest at the end, one per node, on stdin)',
    `# and waited for in one wait of at most ${FIRST_WAIT_SECONDS} s; the pods it did not report ready (it gives up on every pod`,
    '# after the first that times out) are checked once more, without waiting; those still not ready are waited for',
    '# again, for the rest of --ready-timeout, and checked once more, while the other nodes are captured',
    line(kubectlCommands.createHelpers(P.helperNamespace)),
    line(waitLine(P.seconds)),
    line(waitLine('0')),
    '',
    "## In the helper pod: the node (its network namespace is the pod's) and the pods asked for on it",
    '# The container runtime lists its pod sandboxes; then one exec runs the script at the end (<script>,',
    "# for a node with two such pods): the node's commands, then `crictl inspectp` of the pods' sandboxes",
    '# (of each one on its own when that gives no process per sandbox) and per pod the same commands in',
    "# one shell in the network namespace of the sandbox's process (nsenter).",
    exec(runtimeCommands.listSandboxes()),
    exec(inShell('<script>')),
    '',
    '## When the image cannot run the script (no sh, mktemp or tar): each command is one exec',
    ...HOST_COMMANDS.map(exec),
    '# on a node, then its Open vSwitch (the list only where the probe finds its database socket)',
    ...[NODE_OVS.probe, NODE_OVS.list].map(exec),
    '# and a pod the script did not answer for: its sandbox inspected, its commands in one exec, else one exec each',
    exec(runtimeCommands.inspectSandbox(P.sandbox)),
    exec(inPodNetns(P.pid, inShell('<pod script>'))),
    ...HOST_COMMANDS.map((argv) => exec(inPodNetns(P.pid, argv))),
    '',
    "## kube-ovn's OVN databases, in its ovn-central pod (one exec runs <ovn script>, at the end)",
    line(kubectlCommands.getPodsByLabel(OVN_CENTRAL.namespace, OVN_CENTRAL.selector)),
    line(kubectlCommands.execIn(OVN_CENTRAL.namespace, '<ovn-central pod>', OVN_CENTRAL.container, inShell('<ovn script>'))),
    '',
    '## With --nb <address> (and --sb <address>): run on this machine instead, not in the cluster',
    ...localOvnCommands({ nb: '<nb address>', sb: '<sb address>' }, P.seconds).map(({ argv }) => argv.join(' ')),
    '# an ssl: address adds -p <file> -c <file> -C <file> to each (--ovn-private-key, --ovn-certificate, --ovn-ca-cert)',
    '',
    '## At the end, also after an error or Ctrl-C',
    line(kubectlCommands.deleteHelpers(P.helperNamespace, P.runId)),
    '',
    '## The helper pod',
    ...manifest.split('\n'),
    '',
    `## <script> (${P.seconds} is --timeout)`,
    ...nodeBatchScript(P.seconds, ['<sandbox id 1>', '<sandbox id 2>']).trimEnd().split('\n'),
    '',
    '## <pod script>',
    ...hostBatchScript(P.seconds).trimEnd().split('\n'),
    '',
    '## <ovn script>',
    ...ovnBatchScript(P.seconds).trimEnd().split('\n'),
    '',
  ].join('\n');
}
