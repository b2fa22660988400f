#!/bin/bash
# Seed 003: pod -> ClusterIP -> pod on one bridge, with net.bridge.bridge-nf-call-iptables 1 and 0
# (oracle script s2_bridge_nf_call_iptables.sh), both directions compared.
#
# pa sends to 10.96.0.10:80 through its gateway 10.244.0.1: the frame is for cni0's MAC.
# With 1, br_netfilter runs iptables PREROUTING on the bridge port (physdev-in vetha); the DNAT
# to 10.244.0.3 leaves a destination behind cni0 itself, so br_nf_pre_routing_finish bridges the
# packet ("bridged DNAT"): FORWARD and POSTROUTING run with physdev vetha -> vethb and the TTL is
# not decremented (pb sees 64). pb's reply is bridged too, through conntrack, and POSTROUTING
# undoes the DNAT: pa sees 10.96.0.10:80.
# With 0, the request is routed by IP on cni0 (TTL 63), but pb's reply to 10.244.0.2 is switched
# port to port: no iptables, no conntrack, no de-DNAT. It reaches pa from 10.244.0.3:8080, which
# no socket of pa expects: pa's TCP answers it with a RST and the connect times out.
. "$(dirname "$0")/../lib.sh"
. "$CONF_DIR/lib-bridge.sh"
bridge_pods
rules node <<'RULES'
*nat
:PREROUTING ACCEPT [0:0]
:INPUT ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
:POSTROUTING ACCEPT [0:0]
:KUBE-SERVICES - [0:0]
:KUBE-SEP-WEB - [0:0]
-A PREROUTING -m comment --comment "kubernetes service portals" -j KUBE-SERVICES
-A KUBE-SERVICES -d 10.96.0.10/32 -p tcp -m tcp --dport 80 -j KUBE-SEP-WEB
-A KUBE-SEP-WEB -p tcp -m tcp -j DNAT --to-destination 10.244.0.3:8080
COMMIT
*filter
:INPUT ACCEPT [0:0]
:FORWARD ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
-A FORWARD -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT
-A FORWARD -d 10.244.0.3/32 -p tcp -m tcp --dport 8080 -j ACCEPT
COMMIT
RULES

# a new namespace starts at 1 once br_netfilter is loaded (oracle fact 4): nothing sets it here
[ "$(nx node cat /proc/sys/net/bridge/bridge-nf-call-iptables)" = 1 ] || die "a new namespace does not start with bridge-nf-call-iptables = 1"

case_begin nf1-service --from pa --src 10.244.0.2 --dst 10.96.0.10 -p tcp --sport 40301 --dport 80 --round-trip
listen pb acc tcp --port 8080
sniff pb syn eth0 --proto tcp --port 8080
send pa conn tcp --src 10.244.0.2 --sport 40301 --dst 10.96.0.10 --dport 80
[ "$(result conn .result)" = connected ] || die "connect with bridge-nf-call-iptables=1: $(result conn .)"
[ "$(result syn .ttl)" = 64 ] || die "bridged DNAT should keep the TTL, pb saw $(result syn .ttl)"
outcome delivered pb acc
outcome --reply delivered pa conn
case_end

bridge_nf node 0
nx node conntrack -F 2>/dev/null
case_begin nf0-service --from pa --src 10.244.0.2 --dst 10.96.0.10 -p tcp --sport 40302 --dport 80 --round-trip
sniff pb syn eth0 --proto tcp --port 8080
sniff pa wire eth0 --proto tcp --port 40302
listen pb acc tcp --port 8080
send pa conn tcp --src 10.244.0.2 --sport 40302 --dst 10.96.0.10 --dport 80 --timeout 1
[ "$(result conn .result)" = connected ] && die "connect with bridge-nf-call-iptables=0 should not succeed"
[ "$(result syn .ttl)" = 63 ] || die "the routed request should arrive with TTL 63, pb saw $(result syn .ttl)"
# the SYN (sniffed on pb, the listener never accepts: the handshake is reset) reached pb's socket
outcome delivered pb syn
# pa's copy of pb's SYN-ACK: from the backend's own address, answered with a RST
jq -c 'select(.src == "10.244.0.3")' "$CASE_DIR/wire.jsonl" | head -1 >"$CASE_DIR/synack.jsonl"
[ "$(jq -r .sport "$CASE_DIR/synack.jsonl")" = 8080 ] || die "pa should see the SYN-ACK come from 10.244.0.3:8080, the backend's own address"
outcome --reply rejected pa TcpOutRsts
case_end
scenario_end
