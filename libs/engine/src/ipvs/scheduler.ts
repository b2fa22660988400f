import type { IpvsRealServer, IpvsService } from '@hookpath/model';
import { decideAt, type Decide } from '../branches/choice-point';
import { parseIpv4 } from '../net/ipv4';

/** `10.253.4.194:8000` */
export const realServerName = (rs: IpvsRealServer): string => `${rs.address}:${rs.port}`;

export interface Scheduled {
  /** Null when no real server is available: the kernel answers ICMP port unreachable (ip_vs_leave). */
  chosen: IpvsRealServer | null;
  /** Why this server (the scheduler's rule in the kernel's words). */
  why: string;
}

/**
 * IP_VS_DEST_F_OVERLOAD and IP_VS_DEST_F_AVAILABLE are not in `ipvsadm -Ln`, so availability is
 * the weight alone: a weight-0 server is quiesced and gets no new connections from any scheduler.
 */
const available = (rs: IpvsRealServer): boolean => rs.weight > 0;

/** ip_vs_dest_conn_overhead (include/net/ip_vs.h): active connections count 256 times an inactive one. */
const overhead = (rs: IpvsRealServer): number => (rs.activeConns ?? 0) * 256 + (rs.inactiveConns ?? 0);

/** The available server with the smallest cost, the first in list order on a tie (the kernel keeps the first it meets). */
function minimal(servers: readonly IpvsRealServer[], cost: (rs: IpvsRealServer) => number): IpvsRealServer | null {
  let best: IpvsRealServer | null = null;
  let bestCost = Number.POSITIVE_INFINITY;
  for (const rs of servers) {
    if (!available(rs)) continue;
    const c = cost(rs);
    if (c < bestCost) {
      best = rs;
      bestCost = c;
    }
  }
  return best;
}

/** hash_32 of include/linux/hash.h: the top `bits` of val * GOLDEN_RATIO_32. */
export function hash32(value: number, bits: number): number {
  return Math.imul(value >>> 0, 0x61c88647) >>> (32 - bits);
}

/**
 * ip_vs_sh_reassign: 256 buckets filled in list order, each server taking `weight` consecutive
 * buckets (a weight-0 server still takes one, as `++d_count >= weight` moves on after it).
 */
export function shBuckets(servers: readonly IpvsRealServer[]): IpvsRealServer[] {
  const buckets: IpvsRealServer[] = [];
  if (servers.length === 0) return buckets;
  let i = 0;
  let count = 0;
  for (let b = 0; b < 256; b++) {
    const rs = servers[i % servers.length] as IpvsRealServer;
    buckets.push(rs);
    if (++count >= rs.weight) {
      i++;
      count = 0;
    }
  }
  return buckets;
}

/** ip_vs_dh_assign: one server per bucket in list order, round and round (weights play no part). */
function dhBucket(servers: readonly IpvsRealServer[], address: number): IpvsRealServer | null {
  if (servers.length === 0) return null;
  // ip_vs_dh_hashkey: (ntohl(addr) * 2654435761UL) & IP_VS_DH_TAB_MASK (256 buckets)
  const bucket = Math.imul(address >>> 0, 2654435761 | 0) & 0xff;
  return servers[bucket % servers.length] ?? null;
}

const hasFlag = (svc: IpvsService, names: readonly string[]): boolean => svc.flags.some((f) => names.includes(f));

/**
 * The scheduler's choice for a new connection from `src:sport` to `dst`, following
 * net/netfilter/ipvs/ip_vs_<scheduler>.c from the state `ipvsadm -Ln` shows. Schedulers that
 * keep state the snapshot does not show (rr's and wrr's position, mh's and lblc's tables) start
 * from a freshly configured service.
 */
export function scheduleDefault(svc: IpvsService, src: string, dst: string, sport: number): Scheduled {
  const servers = svc.realServers;
  const first = servers.find(available) ?? null;
  const none: Scheduled = { chosen: null, why: 'no real server has a weight above 0: ip_vs_scheduler_err "no destination available"' };
  switch (svc.scheduler) {
    case 'rr':
      // ip_vs_rr_schedule: from the last server used (svc->sched_data, the list head after a change) to the next available one
      return first === null
        ? none
        : {
            chosen: first,
            why: 'rr: the next available server after the last one used; from a freshly configured service that is the first in the list (the snapshot does not record where rr stopped)',
          };
    case 'wrr': {
      // ip_vs_wrr_schedule: the current weight starts at the maximum weight, so the first server with the maximum weight goes first
      const max = Math.max(0, ...servers.map((rs) => rs.weight));
      const chosen = servers.find((rs) => available(rs) && rs.weight >= max) ?? null;
      return chosen === null
        ? none
        : {
            chosen,
            why: `wrr: the first server with the highest weight (${max}) starts the round; later connections spread by weight (the snapshot does not record the round's position)`,
          };
    }
    case 'lc': {
      const chosen = minimal(servers, overhead);
      return chosen === null
        ? none
        : { chosen, why: 'lc: the fewest connections (active × 256 + inactive, ip_vs_dest_conn_overhead), the first in the list on a tie' };
    }
    case 'wlc': {
      const chosen = minimal(servers, (rs) => overhead(rs) / rs.weight);
      return chosen === null
        ? none
        : { chosen, why: 'wlc: the smallest (active × 256 + inactive) / weight, the first in the list on a tie' };
    }
    case 'sed': {
      const chosen = minimal(servers, (rs) => ((rs.activeConns ?? 0) + 1) / rs.weight);
      return chosen === null ? none : { chosen, why: 'sed: the smallest (active + 1) / weight, the first in the list on a tie' };
    }
    case 'nq': {
      const idle = servers.find((rs) => available(rs) && (rs.activeConns ?? 0) === 0);
      if (idle !== undefined) return { chosen: idle, why: 'nq: the first server with no active connection' };
      const chosen = minimal(servers, (rs) => ((rs.activeConns ?? 0) + 1) / rs.weight);
      return chosen === null ? none : { chosen, why: 'nq: every server is busy, so the smallest (active + 1) / weight' };
    }
    case 'sh': {
      // ip_vs_sh_schedule: bucket hash_32(ntohl(saddr) + port, 8); port only with sh-port (flag-2)
      const port = hasFlag(svc, ['sh-port', 'flag-2']) ? sport : 0;
      const key = ((parseIpv4(src) ?? 0) + port) >>> 0;
      const buckets = shBuckets(servers);
      const bucket = hash32(key, 8);
      const hit = buckets[bucket] ?? null;
      const fallback = hasFlag(svc, ['sh-fallback', 'flag-1']);
      const what = `sh: bucket ${bucket} of 256 (hash of the source ${src}${port === 0 ? '' : ` and port ${port}`})`;
      if (hit !== null && available(hit)) return { chosen: hit, why: `${what} holds this server` };
      if (!fallback || hit === null)
        return { chosen: null, why: `${what} holds an unavailable server and sh-fallback is off: no destination` };
      // ip_vs_sh_get_fallback: walk the table from the original hash to the first available server
      for (let offset = 0; offset < 256; offset++) {
        const roffset = (offset + bucket) % 256;
        const b = (roffset + hash32(key, 8)) & 0xff;
        const rs = buckets[b];
        if (rs !== undefined && available(rs))
          return { chosen: rs, why: `${what} holds an unavailable server; sh-fallback moves on to bucket ${b}` };
      }
      return none;
    }
    case 'dh': {
      const hit = dhBucket(servers, parseIpv4(dst) ?? 0);
      return hit !== null && available(hit)
        ? { chosen: hit, why: `dh: the bucket of the destination ${dst}` }
        : { chosen: null, why: `dh: the bucket of ${dst} holds an unavailable server: no destination` };
    }
    case 'fo': {
      // ip_vs_fo_schedule: the available server with the highest weight, the first on a tie
      const chosen = minimal(servers, (rs) => -rs.weight);
      return chosen === null ? none : { chosen, why: 'fo: the available server with the highest weight' };
    }
    default:
      return first === null
        ? none
        : {
            chosen: first,
            why: `${svc.scheduler}: its choice depends on state or hashes the snapshot does not hold (${svc.scheduler === 'mh' ? 'the Maglev lookup table' : "the scheduler's tables"}); the first available server is followed`,
          };
  }
}

/** Schedulers whose next choice depends on state `ipvsadm -Ln` does not show (rr's and wrr's position, mh's and lblc's tables). */
const POSITION_UNKNOWN = new Set(['rr', 'wrr', 'mh', 'lblc', 'lblcr']);

/**
 * Where the snapshot cannot tell which server the scheduler takes next, every available server is a
 * branch: equally for rr (and lblc/lblcr, whose tables are not captured), by weight for wrr and mh
 * (the share of connections, or of Maglev table slots, each server gets). Null when the scheduler's
 * choice follows from the snapshot (lc, wlc, sed, nq, sh, dh, fo).
 */
export function schedulerBranches(svc: IpvsService): { servers: IpvsRealServer[]; weights: number[] } | null {
  if (!POSITION_UNKNOWN.has(svc.scheduler)) return null;
  const servers = svc.realServers.filter(available);
  if (servers.length < 2) return null;
  const weighted = svc.scheduler === 'wrr' || svc.scheduler === 'mh';
  return { servers, weights: servers.map((rs) => (weighted ? rs.weight : 1)) };
}

/** The scheduler's choice, or the `--backend` (ip:port) the user asked for, or the branch `decide` takes. */
export function schedule(
  svc: IpvsService,
  src: string,
  dst: string,
  sport: number,
  backend: string | null,
  branch?: { host: string; service: string; decide: Decide },
): Scheduled & { note: string } {
  const byScheduler = scheduleDefault(svc, src, dst, sport);
  const branches = backend === null && branch !== undefined ? schedulerBranches(svc) : null;
  if (branches !== null && branch !== undefined) {
    const among = branches.servers.map(realServerName);
    const index = decideAt(branch.decide, {
      host: branch.host,
      kind: 'ipvs',
      rule: `${branch.service} ${svc.scheduler}`,
      among,
      weights: branches.weights,
    });
    const chosen = branches.servers[index] ?? byScheduler.chosen;
    return {
      chosen,
      why: `${svc.scheduler}: the snapshot does not record the scheduler's position, so every available server is a branch (${among.join(', ')}); this branch follows ${chosen === null ? 'none' : realServerName(chosen)}`,
      note: ' (use --backend to pick another)',
    };
  }
  if (backend === null) return { ...byScheduler, note: byScheduler.chosen === null ? '' : ' (use --backend to pick another)' };
  const asked = svc.realServers.find((rs) => realServerName(rs) === backend);
  if (asked === undefined)
    return { ...byScheduler, note: `; --backend ${backend} is not a real server of this service, so the scheduler's choice stands` };
  const quiesced = available(asked) ? '' : ' (its weight is 0: the kernel would not schedule a new connection to it)';
  return { chosen: asked, why: byScheduler.why, note: `; --backend ${backend} picks ${realServerName(asked)}${quiesced}` };
}
