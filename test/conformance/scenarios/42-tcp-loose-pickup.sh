#!/bin/bash
# A TCP segment in the middle of a connection that conntrack never saw (a bare ACK, no entry):
# with net.netfilter.nf_conntrack_tcp_loose = 1 (the default) conntrack picks it up as a new
# connection (`-m conntrack --ctstate NEW` matches and the nat table DNATs it; its TCP state is
# ESTABLISHED, but srv's RST answer ends the entry at once, so it is not listed afterwards); with 0
# it is INVALID, and gw's `--ctstate INVALID -j DROP` drops it. cl sends the ACK from a raw socket
# (no connection on cl either).
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
-A FORWARD -m conntrack --ctstate INVALID -j DROP
-A FORWARD -m conntrack --ctstate NEW -j HIT
-A FORWARD -m conntrack --ctstate ESTABLISHED -j HIT
-A FORWARD -m conntrack --ctstate DNAT -j HIT
COMMIT
RULES

# An INVALID packet is not NATed: without this route gw would drop it for want of a route to
# 10.9.9.9 (IpExtInNoRoutes, an ICMP unreachable back) before the FORWARD rule could see it.
nx gw ip route add 10.9.9.9/32 via 10.2.0.2

# loose = 1: picked up, DNATed to srv:8080.
nx gw sysctl -qw net.netfilter.nf_conntrack_tcp_loose=1 || die "cannot set nf_conntrack_tcp_loose"
case_begin loose1 --from cl --src 10.1.0.2 --dst 10.9.9.9 -p tcp --sport 40200 --dport 80 --tcp-flags ACK
sniff srv ack eth0 --proto tcp --port 40200
send cl tx segment --src 10.1.0.2 --sport 40200 --dst 10.9.9.9 --dport 80 --flags ACK
sleep 0.3
outcome delivered srv ack
case_end

# loose = 0: INVALID, dropped by the INVALID rule; nothing reaches srv.
nx gw sysctl -qw net.netfilter.nf_conntrack_tcp_loose=0 || die "cannot set nf_conntrack_tcp_loose"
case_begin loose0 --from cl --src 10.1.0.2 --dst 10.9.9.9 -p tcp --sport 40201 --dport 80 --tcp-flags ACK
sniff srv ack eth0 --proto tcp --port 40201
send cl tx segment --src 10.1.0.2 --sport 40201 --dst 10.9.9.9 --dport 80 --flags ACK
sleep 0.3
[ -s "$CASE_DIR/ack.jsonl" ] && die "the ACK reached srv with nf_conntrack_tcp_loose = 0"
outcome dropped gw RULE
case_end
scenario_end
