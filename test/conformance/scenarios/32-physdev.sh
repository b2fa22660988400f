#!/bin/bash
# -m physdev with br_netfilter (bridge-nf-call-iptables = 1): the bridge ports of a packet.
# A frame switched between two ports is seen by FORWARD with physdev-in and physdev-out set
# (--physdev-is-bridged, --physdev-is-in, --physdev-is-out all hold). A frame for the node
# itself keeps its physdev-in at INPUT but has no out port (--physdev-is-bridged fails); a
# routed one (out eth1, not a bridge port) still has physdev-in vetha at FORWARD and no out port.
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
*filter
:INPUT ACCEPT [0:0]
:FORWARD ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
-A INPUT -p udp -m physdev --physdev-is-bridged -j DROP
-A INPUT -p udp -m physdev --physdev-in vetha -j ACCEPT
-A FORWARD -p udp -m physdev --physdev-in vethb -j DROP
-A FORWARD -p udp -m udp --dport 5321 -m physdev --physdev-in vetha --physdev-out vethb -j DROP
-A FORWARD -p udp -m physdev ! --physdev-is-bridged --physdev-in vetha -j ACCEPT
-A FORWARD -p udp -m physdev --physdev-is-in --physdev-is-out --physdev-is-bridged -j ACCEPT
COMMIT
RULES

case_begin bridged-accept --from pa --src 10.244.0.2 --dst 10.244.0.3 -p udp --sport 40320 --dport 5320
listen pb got udp --port 5320
send pa tx udp --src 10.244.0.2 --sport 40320 --dst 10.244.0.3 --dport 5320
outcome delivered pb got
case_end

before=$(rule_packets node filter FORWARD 2)
case_begin bridged-drop --snapshot bridged-accept --from pa --src 10.244.0.2 --dst 10.244.0.3 -p udp --sport 40321 --dport 5321
send pa tx udp --src 10.244.0.2 --sport 40321 --dst 10.244.0.3 --dport 5321
sleep 0.2
[ "$(rule_packets node filter FORWARD 2)" -gt "$before" ] || die "the physdev-in/out DROP rule did not count the frame"
outcome dropped node RULE
case_end

case_begin local-input --snapshot bridged-accept --from pa --src 10.244.0.2 --dst 10.244.0.1 -p udp --sport 40322 --dport 5322
listen node got udp --port 5322
send pa tx udp --src 10.244.0.2 --sport 40322 --dst 10.244.0.1 --dport 5322
outcome delivered node got
case_end

case_begin routed --snapshot bridged-accept --from pa --src 10.244.0.2 --dst 10.9.0.2 -p udp --sport 40323 --dport 5323
listen ext got udp --port 5323
send pa tx udp --src 10.244.0.2 --sport 40323 --dst 10.9.0.2 --dport 5323
outcome delivered ext got
case_end
scenario_end
