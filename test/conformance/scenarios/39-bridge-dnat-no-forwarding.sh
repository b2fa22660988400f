#!/bin/bash
# Bridged DNAT on a node that does not forward (net.ipv4.ip_forward = 0). The kernel taught: with
# br_netfilter, br_nf_pre_routing_finish routes the DNATed destination with ip_route_input, which
# fails because cni0 does not forward; the packet is dropped (IpInAddrErrors) although the new
# destination sits on the same bridge and would only need bridging. Without br_netfilter the
# request is routed by IP, which refuses to forward it the same way.
. "$(dirname "$0")/../lib.sh"
. "$CONF_DIR/lib-bridge.sh"
bridge_pods
nx node sysctl -qw net.ipv4.ip_forward=0
bridge_nf node 1
rules node <<'RULES'
*nat
:PREROUTING ACCEPT [0:0]
:INPUT ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
:POSTROUTING ACCEPT [0:0]
-A PREROUTING -d 10.96.0.60/32 -p tcp -m tcp --dport 80 -j DNAT --to-destination 10.244.0.3:8080
COMMIT
*filter
:INPUT ACCEPT [0:0]
:FORWARD ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
-A FORWARD -m physdev --physdev-is-bridged -j ACCEPT
COMMIT
RULES

case_begin nf1-no-forwarding --from pa --src 10.244.0.2 --dst 10.96.0.60 -p tcp --sport 40390 --dport 80
send pa conn tcp --src 10.244.0.2 --sport 40390 --dst 10.96.0.60 --dport 80 --timeout 0.5
[ "$(result conn .result)" = connected ] && die "bridged DNAT without ip_forward connected"
outcome dropped node NOT_FORWARDING IpInAddrErrors '!IpForwDatagrams'
case_end

bridge_nf node 0
nx node conntrack -F 2>/dev/null
case_begin nf0-no-forwarding --from pa --src 10.244.0.2 --dst 10.96.0.60 -p tcp --sport 40391 --dport 80
send pa conn tcp --src 10.244.0.2 --sport 40391 --dst 10.96.0.60 --dport 80 --timeout 0.5
[ "$(result conn .result)" = connected ] && die "the routed request should not be forwarded"
outcome dropped node NOT_FORWARDING IpInAddrErrors '!IpForwDatagrams'
case_end
scenario_end
