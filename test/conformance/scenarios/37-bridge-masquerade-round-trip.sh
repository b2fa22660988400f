#!/bin/bash
# A bridged Service call that kube-proxy masquerades (KUBE-MARK-MASQ, then MASQUERADE in
# POSTROUTING): with br_netfilter the DNATed packet is bridged to pb (bridged DNAT), and nat
# POSTROUTING runs on the bridged path with -o cni0, so MASQUERADE takes cni0's address:
# pb sees the connection from 10.244.0.1. The reply to 10.244.0.1 is for the node itself: it goes
# up to IP on cni0 (PREROUTING with physdev-in vethb, de-SNAT to pa's address), the route to
# 10.244.0.2 leads back out cni0, so it is bridged to pa (FORWARD with physdev vethb -> vetha)
# and un-DNATed in POSTROUTING. Both directions compared.
. "$(dirname "$0")/../lib.sh"
. "$CONF_DIR/lib-bridge.sh"
bridge_pods
bridge_nf node 1
rules node <<'RULES'
*nat
:PREROUTING ACCEPT [0:0]
:INPUT ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
:POSTROUTING ACCEPT [0:0]
:KUBE-MARK-MASQ - [0:0]
:KUBE-POSTROUTING - [0:0]
-A PREROUTING -d 10.96.0.40/32 -p tcp -m tcp --dport 80 -j KUBE-MARK-MASQ
-A PREROUTING -d 10.96.0.40/32 -p tcp -m tcp --dport 80 -j DNAT --to-destination 10.244.0.3:8080
-A POSTROUTING -j KUBE-POSTROUTING
-A KUBE-MARK-MASQ -j MARK --set-xmark 0x4000/0x4000
-A KUBE-POSTROUTING -m mark ! --mark 0x4000/0x4000 -j RETURN
-A KUBE-POSTROUTING -j MARK --set-xmark 0x4000/0x0
-A KUBE-POSTROUTING -j MASQUERADE
COMMIT
*filter
:INPUT ACCEPT [0:0]
:FORWARD ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
-A FORWARD -m physdev --physdev-is-bridged -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT
-A FORWARD -m mark --mark 0x4000/0x4000 -m physdev --physdev-in vetha --physdev-out vethb -j ACCEPT
-A FORWARD -j DROP
COMMIT
RULES

case_begin masq-service --from pa --src 10.244.0.2 --dst 10.96.0.40 -p tcp --sport 40370 --dport 80 --round-trip
listen pb acc tcp --port 8080
send pa conn tcp --src 10.244.0.2 --sport 40370 --dst 10.96.0.40 --dport 80
[ "$(result conn .result)" = connected ] || die "connect: $(result conn .)"
[ "$(result acc .src)" = 10.244.0.1 ] || die "pb should see the masqueraded source 10.244.0.1, saw $(result acc .src)"
outcome delivered pb acc --addresses-only
outcome --reply delivered pa conn
case_end
scenario_end
