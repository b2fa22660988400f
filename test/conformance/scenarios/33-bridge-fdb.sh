#!/bin/bash
# The bridge's FDB (bridge-nf-call-iptables = 0: pure L2). pa knows pb's MAC from a permanent
# neighbour entry, so no ARP broadcast teaches the bridge where pb is: the first frame to pb's
# MAC is unknown unicast and is flooded to every other port (pc's sniffer sees it too). Once pb
# has sent a frame, the bridge has learned its MAC on vethb and forwards there only.
. "$(dirname "$0")/../lib.sh"
. "$CONF_DIR/lib-bridge.sh"
bridge_pods pc
bridge_nf node 0
nx pa ip neigh replace 10.244.0.3 lladdr "$(mac_of pb eth0)" dev eth0 nud permanent
nx pb ip neigh replace 10.244.0.2 lladdr "$(mac_of pa eth0)" dev eth0 nud permanent
nx node bridge fdb show br cni0 | grep -qi "$(mac_of pb eth0)" && die "the bridge already knows pb's MAC"

case_begin flooded --from pa --src 10.244.0.2 --dst 10.244.0.3 -p udp --sport 40330 --dport 5330
sniff pc flood eth0 --proto udp --port 5330
listen pb got udp --port 5330
send pa tx udp --src 10.244.0.2 --sport 40330 --dst 10.244.0.3 --dport 5330
wait_for "$CASE_DIR/flood.jsonl" 25 || die "pc did not receive the flooded frame"
outcome delivered pb got
case_end

# pb speaks once: the bridge learns its MAC behind vethb
# (under load the frame can take a while to cross the bridge: speak and look again for up to 5 s)
learned=
for _ in $(seq 1 25); do
  nx pb "$PY" -c 'import socket; socket.socket(socket.AF_INET, socket.SOCK_DGRAM).sendto(b"x", ("10.244.0.2", 9))'
  sleep 0.2
  if nx node bridge fdb show br cni0 | grep -qi "$(mac_of pb eth0) dev vethb"; then learned=1; break; fi
done
[ -n "$learned" ] || die "the bridge did not learn pb's MAC"

case_begin learned --from pa --src 10.244.0.2 --dst 10.244.0.3 -p udp --sport 40331 --dport 5331
sniff pc flood eth0 --proto udp --port 5331
listen pb got udp --port 5331
send pa tx udp --src 10.244.0.2 --sport 40331 --dst 10.244.0.3 --dport 5331
sleep 0.3
[ -s "$CASE_DIR/flood.jsonl" ] && die "pc received a frame the FDB should have sent to vethb only"
outcome delivered pb got
case_end
scenario_end
