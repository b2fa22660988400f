#!/bin/bash
# macvlan in bridge mode (drivers/net/macvlan.c): two macvlans of one lower device in bridge mode
# reach each other directly; either reaches a station on the lower device's wire; neither reaches
# the lower device's own address: a macvlan's frames leave through the lower device, which never
# receives what it sends, so its ARP request for 10.30.0.1 goes unanswered (the kube-ovn VPC NAT
# gateway's net1 of seed 000 is such a macvlan).
. "$(dirname "$0")/../lib.sh"
. "$CONF_DIR/lib-bridge.sh"
macvlan_lan bridge

case_begin child-to-child --from c1 --src 10.30.0.11 --dst 10.30.0.12 -p udp --sport 40340 --dport 5340
macvlan_segment
listen c2 got udp --port 5340
send c1 tx udp --src 10.30.0.11 --sport 40340 --dst 10.30.0.12 --dport 5340
outcome delivered c2 got
case_end

case_begin child-to-wire --snapshot child-to-child --from c1 --src 10.30.0.11 --dst 10.30.0.254 -p udp --sport 40341 --dport 5341
listen ext got udp --port 5341
send c1 tx udp --src 10.30.0.11 --sport 40341 --dst 10.30.0.254 --dport 5341
outcome delivered ext got
case_end

case_begin child-to-parent --snapshot child-to-child --from c1 --src 10.30.0.11 --dst 10.30.0.1 -p udp --sport 40342 --dport 5342
listen hv got udp --port 5342
send c1 tx udp --src 10.30.0.11 --sport 40342 --dst 10.30.0.1 --dport 5342
no_neighbour c1 10.30.0.1
[ -s "$CASE_DIR/got.jsonl" ] && die "the lower device's host received the macvlan's datagram"
outcome dropped c1 NO_NEIGHBOR
case_end
scenario_end
