import type { DropReason } from '../trace/trace';

/** A short sentence for the final `drop` step. */
export function dropPhrase(reason: DropReason): string {
  switch (reason) {
    case 'RULE':
      return 'dropped by a rule';
    case 'POLICY':
      return 'dropped by a chain policy';
    case 'RP_FILTER':
      return 'dropped by the reverse-path filter';
    case 'NO_ROUTE':
      return 'no route: dropped';
    case 'BLACKHOLE':
      return 'blackhole route: silently dropped';
    case 'UNREACHABLE':
      return 'unreachable route: dropped, ICMP unreachable goes back';
    case 'PROHIBIT':
      return 'prohibit route: dropped, ICMP administratively prohibited goes back';
    case 'TTL_EXCEEDED':
      return 'TTL exceeded: dropped';
    case 'NO_NEIGHBOR':
      return 'no neighbour answers for the next hop: dropped';
    case 'LOOP':
      return 'routing loop: dropped';
    case 'NOT_FORWARDING':
      return 'the host does not forward: dropped';
    case 'OVN_ACL':
      return 'dropped by an OVN ACL';
    case 'OVN_NO_ROUTE':
      return 'no OVN route: dropped';
    case 'OVN_POLICY':
      return 'dropped by an OVN router policy';
    case 'OVN_DISCARD':
      return 'OVN discard route: dropped';
    case 'OVN_PORT_SECURITY':
      return 'dropped by OVN port security';
    case 'OVN_ADMISSION':
      return 'not for the OVN router port: dropped at admission';
    case 'OVN_L2_UNKNOWN':
      return 'no OVN port has the destination MAC: dropped';
    case 'OVN_ROUTER_IP':
      return 'for an address of the OVN router that nothing there answers: dropped';
    case 'OVN_LB_NO_BACKEND':
      return 'OVN load balancer VIP without backends: dropped';
    case 'INVALID_CONNTRACK':
      return 'invalid for conntrack: dropped';
    default: {
      const unreachable: never = reason;
      return unreachable;
    }
  }
}
