#!/bin/bash
# A multipath route. With both next hops up the kernel picks one by a hash of the flow (with a
# per-namespace random seed); the engine reports each path, and is asked for the one the kernel
# took. With one next hop's carrier down and ignore_routes_with_linkdown=1 the kernel only uses
# the other one, and so must the engine's default path.
#
#   cl 10.1.0.2/24 --- eth0 10.1.0.1/24 [h] eth1 10.3.0.1/24 --- up1 10.3.0.2 (outside)
#                                           eth2 10.4.0.1/24 --- up2 10.4.0.2 (outside)
#   h: 192.0.2.0/24 nexthop via 10.3.0.2 dev eth1 nexthop via 10.4.0.2 dev eth2
. "$(dirname "$0")/../lib.sh"
mkns cl pod
mkns h node
mkns up1 outside
mkns up2 outside
veth cl eth0 h eth0
veth h eth1 up1 eth0
veth h eth2 up2 eth0
addr cl eth0 10.1.0.2/24
nx cl ip route add default via 10.1.0.1
addr h eth0 10.1.0.1/24
addr h eth1 10.3.0.1/24
addr h eth2 10.4.0.1/24
addr up1 eth0 10.3.0.2/24
addr up2 eth0 10.4.0.2/24
forwarding h
nx h ip route add 192.0.2.0/24 nexthop via 10.3.0.2 dev eth1 nexthop via 10.4.0.2 dev eth2

case_begin hashed --from cl --src 10.1.0.2 --dst 192.0.2.5 -p udp --sport 41901 --dport 53
sniff up1 seen1 eth0 --proto udp --port 41901
sniff up2 seen2 eth0 --proto udp --port 41901
send cl tx udp --src 10.1.0.2 --sport 41901 --dst 192.0.2.5 --dport 53
if wait_for "$CASE_DIR/seen1.jsonl" 25; then
  request_option multipath 0
  outcome left h eth1 seen1
else
  request_option multipath 1
  outcome left h eth2 seen2
fi
case_end

nx h sysctl -qw net.ipv4.conf.all.ignore_routes_with_linkdown=1
nx up1 ip link set eth0 down
case_begin linkdown --from cl --src 10.1.0.2 --dst 192.0.2.5 -p udp --sport 41902 --dport 53
sniff up2 seen eth0 --proto udp --port 41902
send cl tx udp --src 10.1.0.2 --sport 41902 --dst 192.0.2.5 --dport 53
outcome left h eth2 seen
case_end
scenario_end
