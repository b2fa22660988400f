#!/bin/bash
# ICMP errors of `unreachable` and `prohibit` routes, and of no route at all, on the router that
# DNATs the client: gw DNATs 10.9.9.9:53 to 10.7.1.5 (unreachable 10.7.1.0/24), 10.9.9.9:54 to
# 10.7.2.5 (prohibit 10.7.2.0/24) and 10.9.9.9:55 to 10.99.0.5 (no route: gw has no default); the
# DNATed packet's input route fails (ip_error). What the kernel taught:
# - The error (3/1 host unreachable, 3/13 communication administratively prohibited, 3/0 network
#   unreachable, IpExtInNoRoutes) is made on gw
#   from the address its route to the client chooses, 10.1.0.1, quoting the DNATed request, and
#   attached to the request's unconfirmed connection: RELATED in gw's OUTPUT.
# - In POSTROUTING nf_nat_icmp_reply_translation undoes the DNAT: the quoted destination goes back
#   to 10.9.9.9:53 and the outer source becomes 10.9.9.9 too, so the client hears the error from
#   the address it sent to, not from gw.
# - The connected UDP socket gets EHOSTUNREACH for prohibit (3/13 is a hard error); host and network
#   unreachable (3/1, 3/0) are soft errors that UDP reports only with IP_RECVERR: the client's counter
#   and sniffer show it arrived.
. "$(dirname "$0")/../lib.sh"
line3
nx gw ip route add unreachable 10.7.1.0/24
nx gw ip route add prohibit 10.7.2.0/24
rules gw <<'RULES'
*nat
:PREROUTING ACCEPT [0:0]
:INPUT ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
:POSTROUTING ACCEPT [0:0]
-A PREROUTING -d 10.9.9.9/32 -p udp -m udp --dport 53 -j DNAT --to-destination 10.7.1.5
-A PREROUTING -d 10.9.9.9/32 -p udp -m udp --dport 54 -j DNAT --to-destination 10.7.2.5
-A PREROUTING -d 10.9.9.9/32 -p udp -m udp --dport 55 -j DNAT --to-destination 10.99.0.5
COMMIT
*filter
:INPUT ACCEPT [0:0]
:FORWARD ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
-A OUTPUT -m conntrack --ctstate ESTABLISHED -j ACCEPT
-A OUTPUT -m conntrack --ctstate RELATED -j ACCEPT
COMMIT
RULES

ERRORS="icmp type { destination-unreachable, time-exceeded }"

route_case() { # <case> <dport> <sport> <REASON> <errno|-> [--snapshot first]
  TRACE_REP=$ERRORS case_begin "$1" "${@:6}" --from cl --src 10.1.0.2 --dst 10.9.9.9 -p udp --sport "$3" --dport "$2" --round-trip
  sniff cl err eth0 --inbound --icmp-error
  send cl tx udp --src 10.1.0.2 --sport "$3" --dst 10.9.9.9 --dport "$2" --connect --wait 0.5
  [ "$5" = - ] || [ "$(result tx .errno)" = "$5" ] || die "expected errno $5, got $(result tx .)"
  outcome dropped gw "$4" IcmpOutDestUnreachs IcmpInDestUnreachs@cl '!IpForwDatagrams'
  outcome --reply delivered cl err
  case_end
}
route_case unreachable-dnat 53 46301 UNREACHABLE -
route_case prohibit-dnat 54 46302 PROHIBIT 113 --snapshot unreachable-dnat
route_case no-route-dnat 55 46303 NO_ROUTE - --snapshot unreachable-dnat
scenario_end
