#!/bin/bash
# TCP resets of REJECT --reject-with tcp-reset through DNAT, traced back to the client. gw DNATs
# 10.9.9.9:80 to srv:8080 (srv REJECTs in INPUT) and 10.9.9.9:81 to 10.2.0.2:8081 (gw itself
# REJECTs in FORWARD). What the kernel taught:
# - The reset is a RST,ACK from the request's destination and port to its source (nf_send_reset),
#   also when a router sends it in FORWARD: gw's RST leaves from 10.2.0.2:8081, an address that
#   is not gw's.
# - On the host that sends it, it is RELATED (nf_ct_attach); it is not looked up. It walks the
#   nat table of POSTROUTING (policy ACCEPT in the trace), since the request, stopped in INPUT or
#   FORWARD, never set up its connection's source NAT there (nf_nat_inet_fn takes RELATED like
#   NEW), but not OUTPUT's (PREROUTING set up the destination manip).
# - Then nf_nat_packet translates it as a reply: gw's own RST leaves from 10.9.9.9:81.
# - Downstream the RST is an ordinary packet of the connection in the reply direction: gw sees
#   srv's RST as ESTABLISHED (not RELATED) and undoes the DNAT like any reply (10.9.9.9:80).
# - The client's connect fails with ECONNREFUSED.
# - A request with ACK gets a bare RST (no ACK flag).
. "$(dirname "$0")/../lib.sh"
line3
rules gw <<'RULES'
*nat
:PREROUTING ACCEPT [0:0]
:INPUT ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
:POSTROUTING ACCEPT [0:0]
-A PREROUTING -d 10.9.9.9/32 -p tcp -m tcp --dport 80 -j DNAT --to-destination 10.2.0.2:8080
-A PREROUTING -d 10.9.9.9/32 -p tcp -m tcp --dport 81 -j DNAT --to-destination 10.2.0.2:8081
COMMIT
*filter
:INPUT ACCEPT [0:0]
:FORWARD DROP [0:0]
:OUTPUT ACCEPT [0:0]
-A FORWARD -p tcp -m tcp --dport 8081 -j REJECT --reject-with tcp-reset
-A FORWARD -m conntrack --ctstate NEW -j ACCEPT
-A FORWARD -m conntrack --ctstate RELATED -j ACCEPT
-A FORWARD -m conntrack --ctstate ESTABLISHED -j ACCEPT
-A OUTPUT -m conntrack --ctstate ESTABLISHED -j ACCEPT
-A OUTPUT -m conntrack --ctstate RELATED -j ACCEPT
COMMIT
RULES
rules srv <<'RULES'
*nat
:PREROUTING ACCEPT [0:0]
:INPUT ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
:POSTROUTING ACCEPT [0:0]
COMMIT
*filter
:INPUT ACCEPT [0:0]
:FORWARD ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
-A INPUT -p tcp -m tcp --dport 8080 -j REJECT --reject-with tcp-reset
-A OUTPUT -m conntrack --ctstate ESTABLISHED -j ACCEPT
-A OUTPUT -m conntrack --ctstate RELATED -j ACCEPT
COMMIT
RULES

reset_case() { # <case> <dport> <sport> [--snapshot first]
  TRACE_REP="tcp dport $3 tcp flags & rst == rst" case_begin "$1" "${@:4}" --from cl --src 10.1.0.2 --dst 10.9.9.9 -p tcp --sport "$3" --dport "$2" --round-trip
  sniff cl rst eth0 --inbound --proto tcp --port "$3"
  send cl conn tcp --src 10.1.0.2 --sport "$3" --dst 10.9.9.9 --dport "$2"
  [ "$(result conn .errno)" = 111 ] || die "expected ECONNREFUSED (RST), got $(result conn .)"
  [ "$(result rst .tcpFlags)" = 20 ] || die "expected a RST,ACK, got $(result rst .)"
}
reset_case server-reset 80 46101
outcome rejected srv '!IcmpOutDestUnreachs' '!IcmpInDestUnreachs@cl'
outcome --reply delivered cl rst
case_end
reset_case router-reset 81 46102 --snapshot server-reset
outcome rejected gw '!IcmpOutDestUnreachs' '!IcmpInDestUnreachs@cl'
outcome --reply delivered cl rst
case_end

# A mid-stream ACK (picked up by gw's conntrack, nf_conntrack_tcp_loose = 1) is answered with a bare
# RST that takes its sequence number from the ACK (nf_reject_ip_tcphdr_put): no ACK flag.
TRACE_REP="tcp dport 46103 tcp flags & rst == rst" case_begin ack-reset --snapshot server-reset --from cl --src 10.1.0.2 --dst 10.9.9.9 -p tcp --sport 46103 --dport 80 --tcp-flags ACK --round-trip
sniff cl rst eth0 --inbound --proto tcp --port 46103
send cl seg segment --src 10.1.0.2 --sport 46103 --dst 10.9.9.9 --dport 80 --flags ACK
wait_for "$CASE_DIR/rst.jsonl" 50 || die "no reset came back"
[ "$(result rst .tcpFlags)" = 4 ] || die "expected a bare RST, got $(result rst .)"
outcome rejected srv '!IcmpOutDestUnreachs'
outcome --reply delivered cl rst
case_end
scenario_end
