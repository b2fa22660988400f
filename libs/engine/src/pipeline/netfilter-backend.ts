import { compileNetfilter, evaluateTable } from '../netfilter';
import type { NetfilterBackend } from '../walk/compiled';

/** The engine's iptables evaluation (libs/engine/src/netfilter). */
export const NETFILTER: NetfilterBackend = {
  compile(host) {
    const compiled = compileNetfilter(host);
    return (input) => evaluateTable(compiled, input);
  },
};
