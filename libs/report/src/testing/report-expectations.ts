import type { EXAMPLE_FLOWS } from './example-reports';

/** What the report of each example's incident flow must say (taken from the examples' READMEs and traces). */
export interface ReportExpectation {
  verdict: string;
  /** The decisive rule quoted, or the decisive step's words where no rule decided. */
  decisive: string;
  /** A fix command from the diagnosis; null when the trace has no diagnosis. */
  fix: string | null;
  capturedAt: string;
  command: string;
}

export const REPORT_EXPECTATIONS: Record<keyof typeof EXAMPLE_FLOWS, ReportExpectation> = {
  '000': {
    verdict: '✗ Not established: request DELIVERED at external-gw; reply DROPPED (NO_ROUTE) at external-gw',
    decisive: 'no rule found a route: no route to 13.13.0.4 (ENETUNREACH)',
    fix: 'conntrack -D -p icmp -s 13.13.0.4 -d 192.169.100.1 --icmp-type 8 --icmp-code 0 --icmp-id 27281',
    capturedAt: '2024-09-26T14:45:04+08:00',
    command:
      'hookpath trace 000-vpc-nat-gw-eip --from vm-13-13-0-4 --src 13.13.0.4 --dst 192.169.100.1 -p icmp --icmp-id 27281 --round-trip',
  },
  '001': {
    verdict: '✓ EXITED at kube-ovn-worker:eth0',
    decisive: '-A OVN-POSTROUTING -s 10.16.0.0/16 -m set ! --match-set ovn40subnets dst -j SNAT --to-source 192.168.0.101',
    fix: null,
    capturedAt: '2026-12-07T04:02:29Z',
    command:
      'hookpath trace 001-kube-ovn-default-vpc --from ovn:web-0.default --src 10.16.0.5 --dst 1.1.1.1 -p tcp --sport 40000 --dport 443',
  },
  '002': {
    verdict: '✗ DROPPED (NO_NEIGHBOR) at vpc-75989',
    decisive: 'Router vpc-75989: no MAC for next hop 192.168.0.3 on vpc-75989-overlay-subnet-73569',
    fix: null,
    capturedAt: '2026-11-22T18:10:00Z',
    command:
      'hookpath trace 002-ovn-fip-snat-dnat --from ovn:ln-external --src 172.19.0.1 --dst 172.19.0.10 -p tcp --sport 40000 --dport 8080',
  },
  '003': {
    verdict: '✗ Not established: request DELIVERED at pod-b; reply REJECTED at pod-a',
    decisive: 'no socket of pod-a is connected to 10.244.0.3:8080',
    fix: 'modprobe br_netfilter && sysctl -w net.bridge.bridge-nf-call-iptables=1',
    capturedAt: '2026-11-22T18:01:04Z',
    command: 'hookpath trace 003-br-netfilter --from pod-a --src 10.244.0.2 --dst 10.96.0.10 -p tcp --sport 40000 --dport 80 --round-trip',
  },
  '004': {
    verdict: '✗ Not established: request DELIVERED at backend-10-253-4-194; reply DROPPED (RP_FILTER) at node-10-12-97-49:eth0',
    decisive: 'rp_filter strict (max(net.ipv4.conf.all.rp_filter = 1, net.ipv4.conf.eth0.rp_filter = 1) = 1)',
    fix: 'sysctl -w net.ipv4.conf.eth0.rp_filter=2',
    capturedAt: '2022-06-22T16:03:15+08:00',
    command:
      'hookpath trace 004-eni-ipvs-rp-filter --from pod-10-12-192-44 --src 10.12.192.44 --dst 10.12.115.101 -p tcp --sport 44624 --dport 80 --backend 10.253.4.194:8000 --round-trip',
  },
};
