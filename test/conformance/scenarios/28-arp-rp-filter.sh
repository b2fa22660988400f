#!/bin/bash
# Oracle fact 11: rp_filter also applies to ARP. o sends from a source that gw's strict rp_filter
# refuses on eth0 (10.2.0.77 routes out eth1); o's ARP request for 10.1.0.1 carries that source
# as its sender address ("who-has 10.1.0.1 tell 10.2.0.77"), gw's ARP code runs the input route
# lookup with the reverse-path check on it and never answers (no counter says so:
# IPReversePathFilter does not grow for ARP), so o's neighbour entry stays INCOMPLETE and the
# packet never leaves o.
#
#   o 10.1.0.2/24 (+ 10.2.0.77/32) eth0 --- eth0 10.1.0.1/24 [gw] eth1 10.2.0.1/24 --- eth0 srv 10.2.0.2/24
. "$(dirname "$0")/../lib.sh"
mkns o pod
mkns gw node
mkns srv pod
veth o eth0 gw eth0
veth gw eth1 srv eth0
addr o eth0 10.1.0.2/24 10.2.0.77/32
nx o ip route add 10.2.0.0/24 via 10.1.0.1 src 10.1.0.2
addr gw eth0 10.1.0.1/24
addr gw eth1 10.2.0.1/24
addr srv eth0 10.2.0.2/24
nx srv ip route add default via 10.2.0.1
forwarding gw
nx gw sysctl -qw net.ipv4.conf.eth0.rp_filter=1

case_begin spoofed-source --from o --src 10.2.0.77 --dst 10.2.0.2 -p udp --sport 42801 --dport 53
send o tx udp --src 10.2.0.77 --sport 42801 --dst 10.2.0.2 --dport 53
sleep 0.3
nx o ip neigh show 10.1.0.1 dev eth0 | grep -qE 'INCOMPLETE|FAILED' || die "o resolved 10.1.0.1: $(nx o ip neigh show 10.1.0.1)"
outcome dropped o NO_NEIGHBOR '!IpInReceives@gw'
case_end
scenario_end
