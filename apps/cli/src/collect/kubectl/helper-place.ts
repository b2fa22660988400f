import type { CommandResult, Place } from '../run-command';
import { inPodNetns, kubectlCommands } from './kubectl-commands';
import type { KubectlRunner } from './kubectl-runner';

/** A helper pod that is running on a node. */
export interface HelperPod {
  namespace: string | undefined;
  name: string;
  node: string;
}

/**
 * How a missing program looks through `kubectl exec`: the runtime refuses to start it
 * (`exec: "ipvsadm": executable file not found in $PATH`, status 126 or 127 depending on the
 * runtime and kubectl), or nsenter/chroot cannot execute it (status 127).
 */
const NOT_FOUND = /executable file not found|failed to execute .*: No such file or directory|: No such file or directory$/m;

export function remoteResult(result: CommandResult): CommandResult {
  if (!result.found) return result;
  const missing =
    result.code !== 0 &&
    (result.code === 127 || result.code === 126 || /executable file not found/.test(result.stderr)) &&
    NOT_FOUND.test(result.stderr.trim());
  return missing ? { ...result, found: false } : result;
}

/** The node a helper pod runs on: commands run in the helper, whose network namespace is the node's. */
export function nodePlace(kubectl: KubectlRunner, helper: HelperPod): Place {
  return {
    label: `node ${helper.node} (through pod ${helper.name})`,
    run: async (argv) => remoteResult(await kubectl.run(kubectlCommands.exec(helper.namespace, helper.name, argv))),
  };
}

/** A pod on the helper's node: `nsenter` into the network namespace of its sandbox's process. */
export function podPlace(kubectl: KubectlRunner, helper: HelperPod, pod: string, pid: number): Place {
  return {
    label: `pod ${pod} on node ${helper.node} (pid ${pid}, through pod ${helper.name})`,
    run: async (argv) => remoteResult(await kubectl.run(kubectlCommands.exec(helper.namespace, helper.name, inPodNetns(pid, argv)))),
  };
}
