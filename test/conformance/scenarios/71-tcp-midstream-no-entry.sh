#!/bin/bash
# TCP segments in the middle of a connection gw never saw, with nothing that drops INVALID
# packets: a RST, a FIN,ACK and a SYN,ACK without an entry are INVALID although
# nf_conntrack_tcp_loose is 1 (tcp_new picks up only a bare ACK), and so is a FIN without ACK (an
# invalid flag combination, tcp_error). They create no entry, skip the nat table (not DNATed: they
# reach srv still addressed to 10.9.9.9:80) and match `--ctstate INVALID` only.
#
#   cl 10.1.0.2 --- gw (DNAT 10.9.9.9:80 -> 10.2.0.2:8080) --- srv 10.2.0.2, 10.9.9.9 on lo
. "$(dirname "$0")/../lib.sh"
line3
rules gw <<'RULES'
*nat
:PREROUTING ACCEPT [0:0]
:INPUT ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
:POSTROUTING ACCEPT [0:0]
-A PREROUTING -d 10.9.9.9/32 -p tcp -m tcp --dport 80 -j DNAT --to-destination 10.2.0.2:8080
COMMIT
*filter
:INPUT ACCEPT [0:0]
:FORWARD ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
:HIT - [0:0]
-A FORWARD -m conntrack --ctstate INVALID -j HIT
-A FORWARD -m conntrack --ctstate NEW -j HIT
-A FORWARD -m conntrack --ctstate ESTABLISHED -j HIT
-A FORWARD -m conntrack --ctstate DNAT -j HIT
-A FORWARD -m state --state INVALID -j HIT
COMMIT
RULES
nx srv ip addr add 10.9.9.9/32 dev lo || die "cannot add 10.9.9.9 to srv"
nx gw ip route add 10.9.9.9/32 via 10.2.0.2
nx gw sysctl -qw net.netfilter.nf_conntrack_tcp_loose=1 || die "cannot set nf_conntrack_tcp_loose"

unnated() { # <case> <sport> <flags> [--snapshot <case>]
  local id=$1 sport=$2 flags=$3
  shift 3
  case_begin "$id" "$@" --from cl --src 10.1.0.2 --dst 10.9.9.9 -p tcp --sport "$sport" --dport 80 --tcp-flags "$flags"
  sniff srv seg eth0 --proto tcp --port "$sport"
  send cl tx segment --src 10.1.0.2 --sport "$sport" --dst 10.9.9.9 --dport 80 --flags "$flags"
  sleep 0.3
  [ "$(result seg .dst)" = 10.9.9.9 ] || die "the $flags segment was not seen un-NATed at srv: $(result seg .)"
  [ -n "$(nx gw conntrack -L -p tcp --sport "$sport" 2>/dev/null)" ] && die "the $flags segment created an entry"
  outcome delivered srv seg
  case_end
}

unnated rst 40710 RST
unnated finack 40711 FIN,ACK --snapshot rst
unnated synack 40712 SYN,ACK --snapshot rst
unnated fin 40713 FIN --snapshot rst
scenario_end
