#!/bin/bash
# kube-proxy's guard against INVALID packets: `-A KUBE-FORWARD -m conntrack --ctstate INVALID -j
# DROP`. A TCP segment that matches no conntrack entry and cannot start one is INVALID
# (nf_conntrack_proto_tcp.c, tcp_new: only a SYN, or a bare ACK with nf_conntrack_tcp_loose = 1,
# starts a connection): a SYN,ACK, a RST and a FIN,ACK from a client that gw never saw connect are
# dropped there, whatever nf_conntrack_tcp_loose says (1 here, the default). A SYN of the same
# client is NEW, DNATed and forwarded. Each segment comes from a raw socket (no connection on cl).
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
:KUBE-FORWARD - [0:0]
-A FORWARD -m comment --comment "kubernetes forwarding rules" -j KUBE-FORWARD
-A KUBE-FORWARD -m conntrack --ctstate INVALID -j DROP
-A KUBE-FORWARD -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT
COMMIT
RULES
# An INVALID packet is not NATed: without this route gw would have no route to 10.9.9.9.
nx gw ip route add 10.9.9.9/32 via 10.2.0.2
nx gw sysctl -qw net.netfilter.nf_conntrack_tcp_loose=1 || die "cannot set nf_conntrack_tcp_loose"

segment_dropped() { # <case> <sport> <flags>
  case_begin "$1" --snapshot syn --from cl --src 10.1.0.2 --dst 10.9.9.9 -p tcp --sport "$2" --dport 80 --tcp-flags "$3"
  sniff srv seg eth0 --proto tcp --port "$2"
  send cl tx segment --src 10.1.0.2 --sport "$2" --dst 10.9.9.9 --dport 80 --flags "$3"
  sleep 0.3
  [ -s "$CASE_DIR/seg.jsonl" ] && die "the $3 segment reached srv"
  [ -n "$(nx gw conntrack -L -p tcp --sport "$2" 2>/dev/null)" ] && die "the $3 segment created an entry"
  outcome dropped gw RULE
  case_end
}

# The SYN: a new connection, DNATed to srv:8080, passed by the policy (not ESTABLISHED yet).
case_begin syn --from cl --src 10.1.0.2 --dst 10.9.9.9 -p tcp --sport 40700 --dport 80 --tcp-flags SYN
sniff srv seg eth0 --proto tcp --port 40700
send cl tx segment --src 10.1.0.2 --sport 40700 --dst 10.9.9.9 --dport 80 --flags SYN
sleep 0.3
outcome delivered srv seg
case_end

segment_dropped synack 40701 SYN,ACK
segment_dropped rst 40702 RST
segment_dropped finack 40703 FIN,ACK
segment_dropped rstack 40704 RST,ACK
scenario_end
