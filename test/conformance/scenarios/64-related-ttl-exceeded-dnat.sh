#!/bin/bash
# TTL exceeded on the way to a DNATed service, traced back to the client (the request carries a
# TTL: case_begin --ttl, flow.py send --ttl):
#   cl 10.1.0.2 --- 10.1.0.1 [gw] 10.2.0.1 --- 10.2.0.2 [r2] 10.3.0.1 --- 10.3.0.2 srv
# gw DNATs 10.9.9.9:53 to srv:5353. What the kernel taught:
# - With TTL 2 gw forwards the packet with TTL 1 and r2 cannot (ip_forward: TTL <= 1): time
#   exceeded in transit (11/0) from r2's 10.2.0.2 (the route back to the client chooses it),
#   quoting the DNATed request, RELATED on r2 (-m state --state RELATED). gw finds it RELATED by its quoted header and, in POSTROUTING,
#   rewrites the quoted destination to 10.9.9.9:53 and the outer source to 10.9.9.9: through a
#   DNAT, the client sees the time exceeded come from the service address, not from r2.
# - With TTL 1 gw itself cannot forward it, after its PREROUTING DNAT: the error is made on gw from
#   10.1.0.1, attached to the request's unconfirmed connection (RELATED in gw's OUTPUT), and leaves
#   from 10.9.9.9 as well.
# - Time exceeded is a soft error: the UDP socket does not see it (no IP_RECVERR); the counters and
#   the client's sniffer do.
. "$(dirname "$0")/../lib.sh"
mkns cl pod
mkns gw node
mkns r2 node
mkns srv pod
veth cl eth0 gw eth0
veth gw eth1 r2 eth0
veth r2 eth1 srv eth0
addr cl eth0 10.1.0.2/24
addr gw eth0 10.1.0.1/24
addr gw eth1 10.2.0.1/24
addr r2 eth0 10.2.0.2/24
addr r2 eth1 10.3.0.1/24
addr srv eth0 10.3.0.2/24
nx cl ip route add default via 10.1.0.1
nx gw ip route add 10.3.0.0/24 via 10.2.0.2
nx r2 ip route add default via 10.2.0.1
nx srv ip route add default via 10.3.0.1
forwarding gw r2
rules gw <<'RULES'
*nat
:PREROUTING ACCEPT [0:0]
:INPUT ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
:POSTROUTING ACCEPT [0:0]
-A PREROUTING -d 10.9.9.9/32 -p udp -m udp --dport 53 -j DNAT --to-destination 10.3.0.2:5353
COMMIT
*filter
:INPUT ACCEPT [0:0]
:FORWARD DROP [0:0]
:OUTPUT ACCEPT [0:0]
-A FORWARD -m conntrack --ctstate NEW -j ACCEPT
-A FORWARD -m conntrack --ctstate ESTABLISHED -j ACCEPT
-A FORWARD -m conntrack --ctstate RELATED -j ACCEPT
-A OUTPUT -m conntrack --ctstate ESTABLISHED -j ACCEPT
-A OUTPUT -m conntrack --ctstate RELATED -j ACCEPT
COMMIT
RULES
rules r2 <<'RULES'
*filter
:INPUT ACCEPT [0:0]
:FORWARD ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
-A OUTPUT -m state --state ESTABLISHED -j ACCEPT
-A OUTPUT -m state --state RELATED -j ACCEPT
COMMIT
RULES

ERRORS="icmp type { destination-unreachable, time-exceeded }"

ttl_case() { # <case> <ttl> <sport> [--snapshot first]
  TRACE_REP=$ERRORS case_begin "$1" "${@:4}" --from cl --src 10.1.0.2 --dst 10.9.9.9 -p udp --sport "$3" --dport 53 --ttl "$2" --round-trip
  sniff cl err eth0 --inbound --icmp-error
  send cl tx udp --src 10.1.0.2 --sport "$3" --dst 10.9.9.9 --dport 53 --ttl "$2" --connect --wait 0.3
}
ttl_case ttl-at-second-router 2 46401
outcome dropped r2 TTL_EXCEEDED IcmpOutTimeExcds IcmpInTimeExcds@cl
outcome --reply delivered cl err
case_end
ttl_case ttl-at-dnat-router 1 46402 --snapshot ttl-at-second-router
outcome dropped gw TTL_EXCEEDED IcmpOutTimeExcds IcmpInTimeExcds@cl '!IpForwDatagrams'
outcome --reply delivered cl err
case_end
scenario_end
