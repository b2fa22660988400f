#!/bin/bash
# rp_filter without NAT: the effective mode is max(conf.all, conf.<arrival interface>). Strict (1)
# wants the reverse route to leave by the arrival interface, loose (2) any route back. The sender
# is outside the snapshot, so each packet is traced from its arrival on gw:eth0.
#
#   o 10.1.0.2/24 (+ 10.2.0.77/32, 172.16.9.9/32) eth0 --- eth0 10.1.0.1/24 [gw] eth1 10.2.0.1/24 --- eth0 srv 10.2.0.2/24
. "$(dirname "$0")/../lib.sh"
mkns o outside
mkns gw node
mkns srv pod
veth o eth0 gw eth0
veth gw eth1 srv eth0
addr o eth0 10.1.0.2/24 10.2.0.77/32 172.16.9.9/32
nx o ip route add 10.2.0.0/24 via 10.1.0.1 src 10.1.0.2
# Kernel (oracle fact 11): o's ARP request for 10.1.0.1 carries the packet's source as its sender
# address, and gw's ARP code applies rp_filter to it too: with a spoofed source gw never answers
# and the packet never leaves o. A static neighbour entry takes ARP out of the picture.
nx o ip neigh add 10.1.0.1 dev eth0 lladdr "$(nx gw cat /sys/class/net/eth0/address)" nud permanent
addr gw eth0 10.1.0.1/24
addr gw eth1 10.2.0.1/24
addr srv eth0 10.2.0.2/24
nx srv ip route add default via 10.2.0.1
forwarding gw

rp_case() { # <case> <src> <sport> delivered|dropped [case_begin options]
  local c=$1 src=$2 sport=$3 fate=$4
  shift 4
  case_begin "$c" "$@" --from gw:eth0 --src "$src" --dst 10.2.0.2 -p udp --sport "$sport" --dport 53
  listen srv got udp --port 53
  send o tx udp --src "$src" --sport "$sport" --dst 10.2.0.2 --dport 53
  if [ "$fate" = delivered ]; then
    outcome delivered srv got
  else
    outcome dropped gw RP_FILTER TcpExtIPReversePathFilter
  fi
  case_end
}

nx gw sysctl -qw net.ipv4.conf.all.rp_filter=0 net.ipv4.conf.eth0.rp_filter=1
rp_case strict-spoofed 10.2.0.77 42501 dropped
rp_case strict-legit 10.1.0.2 42502 delivered --snapshot strict-spoofed

nx gw sysctl -qw net.ipv4.conf.all.rp_filter=2 net.ipv4.conf.eth0.rp_filter=1
rp_case loose-by-all 10.2.0.77 42503 delivered
rp_case loose-no-route-back 172.16.9.9 42504 dropped --snapshot loose-by-all

nx gw sysctl -qw net.ipv4.conf.all.rp_filter=1 net.ipv4.conf.eth0.rp_filter=0
rp_case strict-by-all 10.2.0.77 42505 dropped
scenario_end
