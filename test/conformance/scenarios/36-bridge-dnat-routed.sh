#!/bin/bash
# br_netfilter with a DNAT in PREROUTING whose new destination is NOT behind the bridge:
# br_nf_pre_routing_finish routes the new destination, finds it out of eth1, and hands the frame
# up to IP on cni0 (its MAC rewritten to the bridge's): the packet is routed (TTL 63 at ext),
# FORWARD sees -i cni0 -o eth1 with physdev-in vetha and no out port. The reply comes back on
# eth1, is routed out cni0 and un-DNATed in POSTROUTING. Both directions compared.
# The kernel taught: a packet IP routes out of the bridge device has no physdev-out at FORWARD
# (the bridge picks the port later), so `--physdev-out vetha` cannot match the reply there; a
# packet that never crossed a bridge (the reply from eth1) matches only negated physdev options.
. "$(dirname "$0")/../lib.sh"
. "$CONF_DIR/lib-bridge.sh"
bridge_pods
mkns ext external
veth node eth1 ext eth0
addr node eth1 10.9.0.1/24
addr ext eth0 10.9.0.2/24
nx ext ip route add default via 10.9.0.1
bridge_nf node 1
rules node <<'RULES'
*nat
:PREROUTING ACCEPT [0:0]
:INPUT ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
:POSTROUTING ACCEPT [0:0]
-A PREROUTING -d 10.96.0.30/32 -p tcp -m tcp --dport 80 -j DNAT --to-destination 10.9.0.2:8080
COMMIT
*filter
:INPUT ACCEPT [0:0]
:FORWARD ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
-A FORWARD -i eth1 -m physdev ! --physdev-is-bridged -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT
-A FORWARD -o eth1 -p tcp -m physdev --physdev-in vetha ! --physdev-is-bridged -j ACCEPT
-A FORWARD -j DROP
COMMIT
RULES

case_begin routed-dnat --from pa --src 10.244.0.2 --dst 10.96.0.30 -p tcp --sport 40360 --dport 80 --round-trip
listen ext acc tcp --port 8080
sniff ext syn eth0 --proto tcp --port 8080
send pa conn tcp --src 10.244.0.2 --sport 40360 --dst 10.96.0.30 --dport 80
[ "$(result conn .result)" = connected ] || die "connect: $(result conn .)"
[ "$(result syn .ttl)" = 63 ] || die "the DNATed packet should be routed (TTL 63 at ext), saw $(result syn .ttl)"
outcome delivered ext acc
outcome --reply delivered pa conn
case_end
scenario_end
