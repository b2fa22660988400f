import { execFile } from 'node:child_process';
import { UsageError } from '../../cli-error';
import { findProgram } from '../run-command';
import { batchResults, readBatchTar } from './batch-script';
import { localOvnCommands, type OvnAddresses } from './local-ovn-commands';
import { kubectlCommands, OVN_CENTRAL, OVN_COMMANDS, ovnBatchScript } from './kubectl-commands';
import type { KubectlResult, KubectlRunner } from './kubectl-runner';

/** The OVN databases as kube-ovn's ovn-central pod shows them, for ovn/ (file name -> output). */
export interface OvnCapture {
  files: Map<string, string>;
  warnings: string[];
  /** The pod they were read in, or null when the cluster has none (not kube-ovn). */
  pod: string | null;
}

const firstLine = (text: string): string =>
  text
    .split('\n')
    .map((l) => l.trim())
    .find((l) => l !== '') ?? '';

/** The first running pod of a `kubectl get pods -o json` List. */
export function runningPod(json: string): string | null {
  const list = JSON.parse(json) as { items?: { metadata?: { name?: string }; status?: { phase?: string } }[] };
  return (list.items ?? []).find((p) => p.status?.phase === 'Running' && typeof p.metadata?.name === 'string')?.metadata?.name ?? null;
}

/**
 * The northbound database (`ovn-nbctl show`, `ovsdb-client -f json dump` of OVN_Northbound) and
 * `ovn-sbctl show`, in one exec in kube-ovn's ovn-central pod (kube-system, app=ovn-central), each
 * command under --timeout. A cluster without that pod has no OVN to capture; a command that fails
 * leaves its file out with a warning.
 */
export async function captureOvn(kubectl: KubectlRunner, seconds: number): Promise<OvnCapture> {
  const out: OvnCapture = { files: new Map(), warnings: [], pod: null };
  const reason = (r: KubectlResult): string => `\`kubectl ${r.args.join(' ')}\` exited with status ${r.code}: ${firstLine(r.stderr)}`;
  const listed = await kubectl.run(kubectlCommands.getPodsByLabel(OVN_CENTRAL.namespace, OVN_CENTRAL.selector));
  if (listed.code !== 0) {
    out.warnings.push(`ovn/ not written: ${reason(listed)}`);
    return out;
  }
  let pod: string | null;
  try {
    pod = runningPod(listed.stdout);
  } catch {
    pod = null;
  }
  if (pod === null) return out;
  out.pod = pod;
  const script = ovnBatchScript(seconds);
  const ran = await kubectl.run(kubectlCommands.execIn(OVN_CENTRAL.namespace, pod, OVN_CENTRAL.container, ['sh', '-c', script]), {
    timeoutMs: (seconds * OVN_COMMANDS.length + 30) * 1000,
  });
  const results = ran.code === 0 ? batchResults(await readBatchTar(ran.stdoutBytes).catch(() => new Map<string, string>()), 'ovn') : null;
  if (results === null || results.size === 0) {
    out.warnings.push(`ovn/ not written: ${reason(ran)}`);
    return out;
  }
  OVN_COMMANDS.forEach(({ file, argv }, i) => {
    const r = results.get(i);
    if (r !== undefined && r.code === 0) out.files.set(file, r.stdout);
    else
      out.warnings.push(
        `ovn/${file} not written: \`${argv.join(' ')}\` in pod ${OVN_CENTRAL.namespace}/${pod} ${r === undefined ? 'did not run' : `exited with status ${r.code}: ${firstLine(r.stderr)}`}`,
      );
  });
  return out;
}

function runHere(argv: readonly string[], seconds: number): Promise<{ code: number; stdout: string; stderr: string; timedOut: boolean }> {
  const [program = '', ...args] = argv;
  return new Promise((resolve) => {
    execFile(
      program,
      args,
      {
        encoding: 'utf8',
        maxBuffer: 512 * 1024 * 1024,
        timeout: seconds * 1000,
        killSignal: 'SIGKILL',
        env: { ...process.env, LC_ALL: 'C' },
      },
      (error, stdout, stderr) => {
        const timedOut = error !== null && error.killed === true;
        const code = error === null ? 0 : typeof error.code === 'number' ? error.code : 1;
        resolve({ code, stdout, stderr, timedOut });
      },
    );
  });
}

/**
 * `--nb` (and `--sb`): the northbound database (`ovn-nbctl show`, `ovsdb-client -f json dump`) and
 * `ovn-sbctl show` read with this machine's OVN tools at the given addresses instead of in kube-ovn's
 * ovn-central pod. The user asked for them: a tool missing or a database that does not answer within
 * --timeout is a usage error (status 2), found before any helper pod is created.
 */
export async function captureOvnAt(addresses: OvnAddresses, seconds: number): Promise<OvnCapture> {
  const commands = localOvnCommands(addresses, seconds);
  for (const { argv } of commands) {
    const program = argv[0] ?? '';
    if ((await findProgram(program)) === null)
      throw new UsageError(
        `--nb/--sb read the OVN databases from this machine, and ${program} is not on PATH (it comes with ${program === 'ovsdb-client' ? 'openvswitch-common' : 'ovn-common'}); install it, or leave --nb out to read them in kube-ovn's ovn-central pod`,
      );
  }
  const results = await Promise.all(commands.map(({ argv }) => runHere(argv, seconds)));
  const out: OvnCapture = { files: new Map(), warnings: [], pod: null };
  commands.forEach(({ file, argv }, i) => {
    const r = results[i];
    if (r === undefined) return;
    if (r.code !== 0 || r.timedOut) {
      const flag = argv[0] === 'ovn-sbctl' ? `--sb ${addresses.sb ?? ''}` : `--nb ${addresses.nb}`;
      const why = r.timedOut
        ? `killed after ${seconds} s without an answer (--timeout)`
        : `exited with status ${r.code}: ${firstLine(r.stderr)}`;
      throw new UsageError(`${flag}: cannot read the database: \`${argv.join(' ')}\` ${why}`);
    }
    out.files.set(file, r.stdout);
  });
  return out;
}
