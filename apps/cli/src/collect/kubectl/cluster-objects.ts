import { CLUSTER_LISTS, KUBE_OVN_RESOURCES, kubectlCommands } from './kubectl-commands';
import type { KubectlResult, KubectlRunner } from './kubectl-runner';

/** What the API server answered, saved as is under k8s/ (file name -> kubectl's JSON). */
export interface ClusterObjects {
  files: Map<string, string>;
  warnings: string[];
}

const firstLine = (result: KubectlResult): string => result.stderr.trim().split('\n')[0] ?? '';

/** `services` -> `services.json`, `endpointslices.discovery.k8s.io` -> `endpointslices.json`, `vpcs.kubeovn.io` -> `kubeovn-vpcs.json`. */
export function k8sFileName(resource: string): string {
  const [plural = resource, ...group] = resource.split('.');
  return group[0] === 'kubeovn' ? `kubeovn-${plural}.json` : `${plural}.json`;
}

/**
 * Services, EndpointSlices and the kube-ovn objects the cluster serves (asked with
 * `kubectl api-resources`, so a cluster without kube-ovn is not an error). Never Secrets: only the
 * resources named in kubectl-commands.ts are read. A list that cannot be read is a warning.
 */
export async function captureClusterObjects(kubectl: KubectlRunner): Promise<ClusterObjects> {
  const out: ClusterObjects = { files: new Map(), warnings: [] };
  const served = await kubectl.run(kubectlCommands.apiResources('kubeovn.io'));
  const kubeOvn = served.code === 0 ? new Set(served.stdout.split('\n').map((l) => l.trim())) : new Set<string>();
  if (served.code !== 0)
    out.warnings.push(
      `kube-ovn objects not read: \`kubectl ${served.args.join(' ')}\` exited with status ${served.code}: ${firstLine(served)}`,
    );
  const resources = [...CLUSTER_LISTS, ...KUBE_OVN_RESOURCES.filter((r) => kubeOvn.has(r))];
  const results = await Promise.all(resources.map((r) => kubectl.run(kubectlCommands.getAll(r))));
  resources.forEach((resource, i) => {
    const result = results[i];
    if (result === undefined) return;
    if (result.code === 0) out.files.set(k8sFileName(resource), result.stdout);
    else
      out.warnings.push(
        `k8s/${k8sFileName(resource)} not written: \`kubectl ${result.args.join(' ')}\` exited with status ${result.code}: ${firstLine(result)}`,
      );
  });
  return out;
}
