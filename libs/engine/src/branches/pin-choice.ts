import type { Host } from '@hookpath/model';
import { TraceRequestError } from '../trace/trace-request-error';
import type { Pin } from './explore-branches';
import { ruleIndex } from './rule-index';
import { spreadOf } from './statistic-groups';

export interface PinRequest {
  /** `--backend ip:port` (or an address). */
  backend?: string;
  /** `--choose`: a chain (kube-proxy's KUBE-SEP-…), a next hop or a device. */
  choose?: string;
}

const sameEndpoint = (destination: string, backend: string): boolean => destination === backend || destination.split(':')[0] === backend;

/** The `--to-destination` of every DNAT rule in a nat chain: where a kube-proxy KUBE-SEP chain sends the packet. */
function dnatDestinations(host: Host | undefined, chain: string): string[] {
  const rules = (host === undefined ? undefined : ruleIndex(host).natChain(chain))?.rules ?? [];
  return rules.flatMap((r) =>
    r.target?.name === 'DNAT' ? r.target.options.filter((o) => o.name === 'to-destination').flatMap((o) => o.values) : [],
  );
}

const hasNatChain = (host: Host | undefined, chain: string): boolean => host !== undefined && ruleIndex(host).natChain(chain) !== undefined;

/**
 * The pins a request sets on the tree: `--backend` takes a statistic rule whose target chain DNATs
 * to that endpoint and passes the ones that DNAT elsewhere (kube-proxy's KUBE-SVC chains), and is
 * refused (BAD_PACKET, naming the endpoints) when no chain of the spread DNATs there;
 * `--choose` names the chain a statistic rule jumps to, or a multipath next hop or device.
 * IPVS real servers, OVN backends and OVN ECMP members are pinned where they are chosen.
 */
export function pinChoices(hostOf: (name: string) => Host | undefined, request: PinRequest): Pin {
  const { backend, choose } = request;
  if (backend === undefined && choose === undefined) return () => null;
  return (point) => {
    switch (point.kind) {
      case 'statistic': {
        const target = point.among[0] ?? '';
        if (choose !== undefined && hasNatChain(hostOf(point.host), choose)) return target === choose ? 0 : 1;
        if (backend === undefined) return null;
        const host = hostOf(point.host);
        const destinations = dnatDestinations(host, target);
        if (destinations.length === 0) return null;
        if (destinations.some((d) => sameEndpoint(d, backend))) return 0;
        const spread = point.rule === undefined ? null : spreadOf(host, point.rule);
        const endpoints = (spread?.among ?? []).flatMap((chain) => dnatDestinations(host, chain));
        if (!endpoints.some((d) => sameEndpoint(d, backend))) {
          const chain = /^-A (\S+)/.exec(point.rule ?? '')?.[1] ?? 'the chain';
          throw new TraceRequestError(
            'BAD_PACKET',
            `--backend ${backend}: the endpoints of ${chain} on ${point.host} are ${endpoints.join(', ')}`,
          );
        }
        return 1;
      }
      case 'multipath': {
        if (choose === undefined) return null;
        const index = point.among.findIndex(
          (p) => p === choose || p.startsWith(`via ${choose} `) || p.endsWith(` dev ${choose}`) || p === `dev ${choose}`,
        );
        return index < 0 ? null : index;
      }
      case 'ipvs':
      case 'ovn-lb':
      case 'ovn-ecmp':
        return null;
      default: {
        const unreachable: never = point.kind;
        return unreachable;
      }
    }
  };
}
