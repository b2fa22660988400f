#!/bin/sh
# Builds the router namespace the routing specs use (hppl-r, with veth peers hppl-p0..p3), prints
# its `ip addr show`, `ip route show table all`, `ip rule show`, and the kernel's answer
# (`ip route get`) to every query the specs check, then deletes the namespaces.
# Run as root: sh capture-router.sh > router-capture.txt
set -u
R=hppl-r
cleanup() { for n in $R hppl-p0 hppl-p1 hppl-p2 hppl-p3; do ip netns del $n 2>/dev/null; done; }
trap cleanup EXIT
cleanup
ip netns add $R
for i in 0 1 2 3; do
  ip netns add hppl-p$i
  ip link add eth$i netns $R type veth peer name peer$i netns hppl-p$i
  ip -n hppl-p$i link set peer$i up
done
x() { ip netns exec $R "$@"; }
x sysctl -qw net.ipv4.ip_forward=1
for k in all default eth0 eth1 eth2 eth3 lo; do x sysctl -qw net.ipv4.conf.$k.rp_filter=0 2>/dev/null; done
x ip link set lo up
x ip addr add 10.255.255.1/32 dev lo
for i in 0 1 2 3; do x ip link set eth$i up; done
x ip addr add 10.0.0.2/24 dev eth0
x ip addr add 10.0.0.9/24 dev eth0
x ip addr add 192.168.1.2/24 dev eth1
x ip addr add 172.16.0.2/24 dev eth3
x ip route add default via 10.0.0.1 dev eth0
x ip route add 198.51.100.0/24 via 192.168.1.1 dev eth1 metric 100
x ip route add 198.51.100.0/24 via 172.16.0.1 dev eth3 metric 50
x ip route add 198.51.100.128/25 via 192.168.1.1 dev eth1
x ip route add 203.0.113.0/24 nexthop via 192.168.1.1 dev eth1 weight 1 nexthop via 172.16.0.1 dev eth3 weight 1
x ip route add blackhole 192.0.2.0/26
x ip route add unreachable 192.0.2.64/26
x ip route add prohibit 192.0.2.128/26
x ip route add 100.64.0.0/16 via 100.64.255.1 dev eth2 onlink
x ip route add 10.30.0.0/16 via 10.0.0.1 dev eth0 src 10.0.0.9
x ip route add default via 192.168.1.1 dev eth1 table 100
x ip route add throw 10.10.0.0/16 table 100
x ip route add default via 172.16.0.1 dev eth3 table 200
x ip rule add pref 100 from 10.99.0.0/16 lookup 100
x ip rule add pref 200 fwmark 0x10/0xf0 lookup 200
x ip rule add pref 300 iif eth1 to 10.50.0.0/16 blackhole
x ip rule add pref 310 iif eth1 to 10.51.0.0/16 unreachable
x ip rule add pref 320 iif eth1 to 10.52.0.0/16 prohibit
x ip rule add pref 400 to 10.60.0.0/16 goto 500
x ip rule add pref 450 to 10.60.0.0/16 lookup 200
x ip rule add pref 500 to 10.60.0.0/16 lookup 100
x ip rule add pref 600 not fwmark 0x0/0x100 lookup 200
x ip rule add pref 610 iif eth1 to 10.70.0.0/16 lookup 200
x ip rule add pref 650 oif eth3 to 10.80.0.0/16 lookup 200
x ip rule add pref 700 ipproto tcp dport 443 lookup 200
x ip rule add pref 800 to 10.90.0.0/16 lookup 100 suppress_prefixlength 0
x ip rule add pref 900 nop
x ip rule add pref 1000 l3mdev 2>/dev/null
echo '### ip addr show'; x ip addr show
echo '### ip route show table all'; x ip -4 route show table all
echo '### ip rule show'; x ip rule show
q() { echo "### get $*"; x ip route get "$@" 2>&1; }
q 198.51.100.7
q 198.51.100.200
q 192.0.2.1
q 192.0.2.65
q 192.0.2.129
q 8.8.8.8
q 8.8.8.8 from 10.99.0.5 iif eth0
q 10.10.1.1 from 10.99.0.5 iif eth0
q 8.8.8.8 mark 0x13
q 8.8.8.8 mark 0x23
q 10.50.0.1 from 192.168.1.50 iif eth1
q 10.51.0.1 from 192.168.1.50 iif eth1
q 10.52.0.1 from 192.168.1.50 iif eth1
q 10.60.0.1
q 8.8.8.8 mark 0x100
q 8.8.8.8 mark 0x200
q 10.70.0.1
q 10.70.0.1 from 192.168.1.50 iif eth1
q 10.80.0.1 oif eth3
q 10.80.0.1
q 8.8.8.8 ipproto tcp dport 443
q 8.8.8.8 ipproto tcp dport 80
q 8.8.8.8 ipproto udp dport 443
q 10.90.0.1
q 100.64.3.3
q 10.0.0.50
q 10.0.0.9
q 10.30.1.1
q 10.0.0.255
q 255.255.255.255
q 255.255.255.255 from 0.0.0.0 iif eth0
q 255.255.255.255 from 192.168.1.50 iif eth1
rp() { # all iface value, then query
  all=$1 dev=$2 val=$3; shift 3
  x sysctl -qw net.ipv4.conf.all.rp_filter=$all; x sysctl -qw net.ipv4.conf.$dev.rp_filter=$val
  echo "### rp all=$all $dev=$val get $*"; x ip route get "$@" 2>&1
  x sysctl -qw net.ipv4.conf.all.rp_filter=0; for k in eth0 eth1 eth2 eth3; do x sysctl -qw net.ipv4.conf.$k.rp_filter=0; done
}
for mode in "0 eth0 0" "1 eth0 0" "0 eth0 1" "0 eth0 2" "2 eth0 1" "1 eth0 2"; do
  rp $mode 10.0.0.50 from 192.168.1.50 iif eth0
done
for mode in "0 eth1 1" "0 eth1 2"; do rp $mode 10.0.0.50 from 8.8.8.8 iif eth1; done
for mode in "0 eth2 1" "0 eth2 2" "0 eth2 0"; do rp $mode 10.0.0.50 from 8.8.8.8 iif eth2; done
for mode in "0 eth2 1"; do rp $mode 10.0.0.50 from 100.64.3.3 iif eth2; done
for mode in "0 eth0 1" "0 eth0 2" "0 eth0 0"; do rp $mode 10.0.0.50 from 192.0.2.1 iif eth0; done
for mode in "0 eth0 0"; do rp $mode 10.0.0.50 from 10.0.0.9 iif eth0; done
rp 0 eth0 1 10.99.0.5 from 8.8.8.8 iif eth0
rp 0 eth1 1 10.99.0.5 from 8.8.8.8 iif eth1
rp 0 eth0 1 255.255.255.255 from 192.168.1.50 iif eth0
rp 0 eth1 1 255.255.255.255 from 192.168.1.50 iif eth1
for mode in "0 eth0 1"; do rp $mode 10.0.0.2 from 192.168.1.50 iif eth0; done
x sysctl -qw net.ipv4.ip_forward=0
echo '### forwarding off'; x ip route get 8.8.8.8 from 192.168.1.50 iif eth1 2>&1
x ip route get 10.0.0.2 from 192.168.1.50 iif eth1 2>&1
