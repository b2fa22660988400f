import { ChainIndexPool, compileNetfilter, evaluateTable } from '../netfilter';
import type { NetfilterBackend } from '../walk/compiled';

/**
 * The engine's iptables evaluation (libs/engine/src/netfilter) for the hosts of one snapshot,
 * sharing their chain indexes (ChainIndexPool): 200 kube-proxy nodes hold one KUBE-SERVICES
 * index, not 200 equal ones.
 */
export function snapshotNetfilter(): NetfilterBackend {
  const indexes = new ChainIndexPool();
  const counts = { rules: 0, indexes: 0 };
  return {
    counts,
    compile(host) {
      const compiled = compileNetfilter(host, { indexes, counts });
      return (input) => evaluateTable(compiled, input);
    },
  };
}
