#!/bin/bash
# A pod calling a Service whose only endpoint is itself (kube-proxy hairpin), br_netfilter on.
# The DNAT sends the frame back to the port it came in by: the bridge does that only with
# hairpin mode on the port (br_forward's should_deliver). kube-proxy's KUBE-MARK-MASQ for
# `-s <endpoint>` makes POSTROUTING masquerade it to cni0's address, or pa would drop its own
# address as a martian source. The reply (to 10.244.0.1) goes up to IP on cni0, is de-SNATed,
# bridged back out of vetha again and un-DNATed. Both directions compared.
. "$(dirname "$0")/../lib.sh"
. "$CONF_DIR/lib-bridge.sh"
bridge_pods
bridge_nf node 1
nx node ip link set vetha type bridge_slave hairpin on || die "cannot set hairpin mode on vetha"
rules node <<'RULES'
*nat
:PREROUTING ACCEPT [0:0]
:INPUT ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
:POSTROUTING ACCEPT [0:0]
:KUBE-SEP-SELF - [0:0]
-A PREROUTING -d 10.96.0.50/32 -p tcp -m tcp --dport 80 -j KUBE-SEP-SELF
-A POSTROUTING -m mark --mark 0x4000/0x4000 -j MASQUERADE
-A KUBE-SEP-SELF -s 10.244.0.2/32 -j MARK --set-xmark 0x4000/0x4000
-A KUBE-SEP-SELF -p tcp -m tcp -j DNAT --to-destination 10.244.0.2:8080
COMMIT
*filter
:INPUT ACCEPT [0:0]
:FORWARD ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
-A FORWARD -m physdev --physdev-in vetha --physdev-out vetha -j ACCEPT
COMMIT
RULES

case_begin hairpin-service --from pa --src 10.244.0.2 --dst 10.96.0.50 -p tcp --sport 40380 --dport 80 --round-trip
listen pa acc tcp --port 8080
send pa conn tcp --src 10.244.0.2 --sport 40380 --dst 10.96.0.50 --dport 80
[ "$(result conn .result)" = connected ] || die "hairpin connect: $(result conn .)"
[ "$(result acc .src)" = 10.244.0.1 ] || die "the hairpinned connection should come from 10.244.0.1, saw $(result acc .src)"
outcome delivered pa acc --addresses-only
outcome --reply delivered pa conn
case_end
scenario_end
