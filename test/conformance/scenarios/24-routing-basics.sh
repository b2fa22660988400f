#!/bin/bash
# Route lookup basics: longest prefix match, the default table (rule 32767), a next hop outside
# every subnet with `onlink`, a device route (the destination is its own next hop), local
# delivery to an address of another interface, and the source a local sender gets when it does
# not bind one (--src 0.0.0.0: the kernel chooses: the route's `src`, else the output device's
# primary address).
#
#   cl 10.1.0.2/24 --- eth0 10.1.0.1/24 [h] eth1 10.3.0.1/24 --- up1 10.3.0.2 (outside)
#                                           eth2 10.4.0.1/24 --- up2 10.4.0.2 (outside)
#   h: lo 10.9.9.1/32
#      10.20.0.0/16 via 10.3.0.2, 10.20.3.0/24 via 10.4.0.2
#      10.30.0.0/24 via 10.4.0.2 table default
#      10.40.0.0/24 via 192.0.2.1 dev eth1 onlink   (static neighbour 192.0.2.1 -> up1)
#      10.50.0.0/24 dev eth2                         (static neighbour 10.50.0.5 -> up2)
#      10.60.0.0/24 via 10.4.0.2 src 10.9.9.1
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
addr h lo 10.9.9.1/32
addr up1 eth0 10.3.0.2/24
addr up2 eth0 10.4.0.2/24
forwarding h
nx h ip route add 10.20.0.0/16 via 10.3.0.2
nx h ip route add 10.20.3.0/24 via 10.4.0.2
nx h ip route add 10.30.0.0/24 via 10.4.0.2 table default
nx h ip route add 10.40.0.0/24 via 192.0.2.1 dev eth1 onlink
nx h ip neigh add 192.0.2.1 dev eth1 lladdr "$(nx up1 cat /sys/class/net/eth0/address)" nud permanent
nx h ip route add 10.50.0.0/24 dev eth2
nx h ip neigh add 10.50.0.5 dev eth2 lladdr "$(nx up2 cat /sys/class/net/eth0/address)" nud permanent
nx h ip route add 10.60.0.0/24 via 10.4.0.2 src 10.9.9.1

fwd_case() { # <case> <dst> <sport> <ns that sees it> <iface of h> [case_begin options]
  local c=$1 dst=$2 sport=$3 seer=$4 iface=$5
  shift 5
  case_begin "$c" "$@" --from cl --src 10.1.0.2 --dst "$dst" -p udp --sport "$sport" --dport 53
  sniff "$seer" seen eth0 --proto udp --port "$sport"
  send cl tx udp --src 10.1.0.2 --sport "$sport" --dst "$dst" --dport 53
  outcome left h "$iface" seen
  case_end
}
fwd_case lpm-longest 10.20.3.4 42401 up2 eth2
fwd_case lpm-shorter 10.20.4.4 42402 up1 eth1 --snapshot lpm-longest
fwd_case default-table 10.30.0.7 42403 up2 eth2 --snapshot lpm-longest
fwd_case onlink 10.40.0.7 42404 up1 eth1 --snapshot lpm-longest
fwd_case device-route 10.50.0.5 42405 up2 eth2 --snapshot lpm-longest

case_begin local-other-iface --snapshot lpm-longest --from cl --src 10.1.0.2 --dst 10.4.0.1 -p udp --sport 42406 --dport 53
listen h got udp --port 53
send cl tx udp --src 10.1.0.2 --sport 42406 --dst 10.4.0.1 --dport 53
outcome delivered h got
case_end

case_begin route-src --snapshot lpm-longest --from h --src 0.0.0.0 --dst 10.60.0.5 -p udp --sport 42407 --dport 53
sniff up2 seen eth0 --proto udp --port 42407
send h tx udp --sport 42407 --dst 10.60.0.5 --dport 53
[ "$(result seen .src)" = 10.9.9.1 ] || die "expected the route's src, got $(result seen .src)"
outcome left h eth2 seen
case_end

case_begin device-primary-src --snapshot lpm-longest --from h --src 0.0.0.0 --dst 10.20.3.9 -p udp --sport 42408 --dport 53
sniff up2 seen eth0 --proto udp --port 42408
send h tx udp --sport 42408 --dst 10.20.3.9 --dport 53
outcome left h eth2 seen
case_end
scenario_end
