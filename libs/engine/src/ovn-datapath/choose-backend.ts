import { decideAt } from '../branches/choice-point';
import { TraceRequestError } from '../trace/trace-request-error';
import type { Walk } from '../walk/walk';
import type { CompiledVip, VipIndex } from '../ovn/compiled-ovn';

/**
 * The backend a new connection to `vip` goes to: the one `--backend` names, else each backend as
 * a branch with the same weight (OVN's select group hashes the connection), else the first.
 */
export function chooseBackend(
  walk: Walk,
  vip: CompiledVip,
  datapath: string,
): { backend: CompiledVip['backends'][number]; how: string } | null {
  const wanted = walk.options.backend;
  if (wanted !== undefined) {
    const backend = vip.backends.find((b) => b.text === wanted || b.ip === wanted);
    if (backend === undefined)
      throw new TraceRequestError(
        'BAD_PACKET',
        `--backend ${wanted}: the backends of ${vip.lb.name} VIP ${vip.vip} are ${vip.backends.map((b) => b.text).join(', ')}`,
      );
    return { backend, how: 'chosen with --backend' };
  }
  const decide = walk.options.decide;
  if (decide !== undefined && vip.backends.length > 1) {
    const among = vip.backends.map((b) => b.text);
    const index = decideAt(decide, {
      host: datapath,
      kind: 'ovn-lb',
      rule: `${vip.lb.name} ${vip.vip}`,
      among,
      weights: among.map(() => 1),
    });
    const backend = vip.backends[index];
    if (backend !== undefined)
      return { backend, how: `one of ${among.length} branches; OVN picks one per connection by hash (--backend pins one)` };
  }
  const first = vip.backends[0];
  if (first === undefined) return null;
  return {
    backend: first,
    how: vip.backends.length > 1 ? 'the first; OVN picks one per connection by hash (--backend chooses)' : 'the only one',
  };
}

/** The VIP a packet addresses: same IP, and the same protocol and port when the VIP has a port. */
export function findVip(index: VipIndex, dst: string, proto: string, dport: number): CompiledVip | undefined {
  const vips = index.get(dst);
  if (vips === undefined) return undefined;
  return vips.find((v) => v.port !== null && v.protocol === proto && v.port === dport) ?? vips.find((v) => v.port === null);
}
