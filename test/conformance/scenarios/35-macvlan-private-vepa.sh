#!/bin/bash
# macvlan private and vepa modes: two macvlans of one lower device do not talk directly. The
# frame (here the ARP request) goes out to the external station, which is a plain veth peer and
# does not reflect it back (no hairpin switch), so the neighbour never resolves. In private mode
# even a reflected frame would be dropped. A station on the wire is reached in both modes.
. "$(dirname "$0")/../lib.sh"
. "$CONF_DIR/lib-bridge.sh"
macvlan_lan private

case_begin private-child-to-child --from c1 --src 10.30.0.11 --dst 10.30.0.12 -p udp --sport 40350 --dport 5350
macvlan_segment
listen c2 got udp --port 5350
send c1 tx udp --src 10.30.0.11 --sport 40350 --dst 10.30.0.12 --dport 5350
no_neighbour c1 10.30.0.12
[ -s "$CASE_DIR/got.jsonl" ] && die "private macvlans talked to each other"
outcome dropped c1 NO_NEIGHBOR
case_end

case_begin private-child-to-wire --snapshot private-child-to-child --from c1 --src 10.30.0.11 --dst 10.30.0.254 -p udp --sport 40351 --dport 5351
listen ext got udp --port 5351
send c1 tx udp --src 10.30.0.11 --sport 40351 --dst 10.30.0.254 --dport 5351
outcome delivered ext got
case_end

for i in 1 2; do nx "c$i" ip link set "mv$i" type macvlan mode vepa || die "cannot switch mv$i to vepa"; nx "c$i" ip neigh flush dev "mv$i"; done
case_begin vepa-child-to-child --from c1 --src 10.30.0.11 --dst 10.30.0.12 -p udp --sport 40352 --dport 5352
macvlan_segment
listen c2 got udp --port 5352
send c1 tx udp --src 10.30.0.11 --sport 40352 --dst 10.30.0.12 --dport 5352
no_neighbour c1 10.30.0.12
[ -s "$CASE_DIR/got.jsonl" ] && die "vepa macvlans talked to each other without a hairpin switch"
outcome dropped c1 NO_NEIGHBOR
case_end
scenario_end
