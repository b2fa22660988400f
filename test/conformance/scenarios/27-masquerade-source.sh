#!/bin/bash
# MASQUERADE's source address (oracle fact 10): the egress interface's primary address in the
# next hop's subnet, else its first primary address; a route's `src` is ignored (the route below
# says src 10.3.0.9, a secondary address, and the packet still leaves from 10.7.0.1), and a
# secondary address is never used.
#
#   cl 10.1.0.2/24 --- eth0 10.1.0.1/24 [h] eth1 10.3.0.1/24, 10.3.0.9/24 (secondary), 10.7.0.1/24 --- up (outside)
#   h: 192.0.2.0/24 via 10.7.0.2 src 10.3.0.9;  198.51.100.0/24 via 10.8.0.2 dev eth1 onlink
. "$(dirname "$0")/../lib.sh"
mkns cl pod
mkns h node
mkns up outside
veth cl eth0 h eth0
veth h eth1 up eth0
addr cl eth0 10.1.0.2/24
nx cl ip route add default via 10.1.0.1
addr h eth0 10.1.0.1/24
addr h eth1 10.3.0.1/24 10.3.0.9/24 10.7.0.1/24
addr up eth0 10.7.0.2/24 10.8.0.2/24
forwarding h
nx h ip route add 192.0.2.0/24 via 10.7.0.2 src 10.3.0.9
nx h ip route add 198.51.100.0/24 via 10.8.0.2 dev eth1 onlink
nx h ip neigh add 10.8.0.2 dev eth1 lladdr "$(nx up cat /sys/class/net/eth0/address)" nud permanent
rules h <<'RULES'
*nat
:PREROUTING ACCEPT [0:0]
:INPUT ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
:POSTROUTING ACCEPT [0:0]
-A POSTROUTING -o eth1 -j MASQUERADE
COMMIT
RULES

case_begin nexthop-subnet --from cl --src 10.1.0.2 --dst 192.0.2.5 -p udp --sport 42701 --dport 53
sniff up seen eth0 --proto udp --port 42701
send cl tx udp --src 10.1.0.2 --sport 42701 --dst 192.0.2.5 --dport 53
[ "$(result seen .src)" = 10.7.0.1 ] || die "expected 10.7.0.1, got $(result seen .src)"
outcome left h eth1 seen
case_end

case_begin first-primary --snapshot nexthop-subnet --from cl --src 10.1.0.2 --dst 198.51.100.5 -p udp --sport 42702 --dport 53
sniff up seen eth0 --proto udp --port 42702
send cl tx udp --src 10.1.0.2 --sport 42702 --dst 198.51.100.5 --dport 53
[ "$(result seen .src)" = 10.3.0.1 ] || die "expected 10.3.0.1, got $(result seen .src)"
outcome left h eth1 seen
case_end
scenario_end
