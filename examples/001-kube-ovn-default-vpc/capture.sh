#!/usr/bin/env bash
# Rebuilds the kube-ovn default-VPC gateway node of seed 001 in one network namespace (hpex-001-node)
# and captures every file of hosts/kube-ovn-worker. Run as root; the namespace is deleted on exit.
#
# eth0 and ovn0 are tap devices held open by a small process, standing in for the node's NIC and
# for the OVS internal port ovn0 (text `ip addr` output does not name the link kind). The ipsets
# and the iptables rules are loaded with `ipset restore` and `iptables-restore` (nf_tables backend)
# and read back with `ipset save` and `iptables-save -c`, so both files are what the tools print.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
NS=hpex-001-node
OUT=$HERE/hosts/kube-ovn-worker
HOLDER=

cleanup() {
  [ -n "$HOLDER" ] && kill "$HOLDER" 2>/dev/null || true
  ip netns del "$NS" 2>/dev/null || true
  wait 2>/dev/null || true
}
trap cleanup EXIT

nx() { ip netns exec "$NS" "$@"; }
cap() { ip netns exec "$NS" sh -c 'mount -t tmpfs tmpfs /run/netns && exec "$@"' sh "$@"; }

ip netns add "$NS"
nx sysctl -qw net.ipv4.conf.all.rp_filter=0 net.ipv4.conf.default.rp_filter=0
nx sysctl -qw net.ipv4.ip_forward=1
nx ip link set lo up
nx ip tuntap add dev eth0 mode tap
nx ip tuntap add dev ovn0 mode tap
# Attach to both taps so that they have carrier (LOWER_UP), as a NIC and an OVS internal port do.
nx python3 - eth0 ovn0 <<'EOF' &
import fcntl, os, struct, sys, time
fds = []
for name in sys.argv[1:]:
    fd = os.open('/dev/net/tun', os.O_RDWR)
    fcntl.ioctl(fd, 0x400454ca, struct.pack('16sH', name.encode(), 0x0002 | 0x1000))  # TUNSETIFF, IFF_TAP|IFF_NO_PI
    fds.append(fd)
while True:
    time.sleep(3600)
EOF
HOLDER=$!
sleep 1
nx ip link set eth0 address 52:54:00:6d:2a:11 up
nx ip link set ovn0 address 00:00:00:93:93:4a mtu 1400 up
nx tc qdisc replace dev ovn0 root noqueue
nx ip addr add 192.168.0.101/24 brd 192.168.0.255 dev eth0
nx ip addr add 100.64.0.3/16 brd 100.64.255.255 dev ovn0
nx ip route add default via 192.168.0.1 dev eth0
# kube-ovn-daemon: one route per default-VPC subnet via the join subnet's gateway
nx ip route add 10.16.0.0/16 via 100.64.0.1 dev ovn0
nx ip route add 10.0.11.0/24 via 100.64.0.1 dev ovn0
# kube-ovn-daemon TProxy for kubelet probes of custom-VPC pods: rules without a priority (the kernel
# gives them 32765, then 32764) and a local default route in table 10001
nx ip rule add fwmark 0x90003/0x90003 lookup 10001
nx ip rule add fwmark 0x90004/0x90004 lookup 10001
nx ip route add local default dev lo scope host table 10001

nx ipset restore <<'EOF'
create ovn40services hash:net family inet maxelem 1048576
add ovn40services 10.96.0.0/12
create ovn40subnets hash:net family inet maxelem 1048576
add ovn40subnets 10.16.0.0/16
add ovn40subnets 100.64.0.0/16
add ovn40subnets 10.0.11.0/24
create ovn40local-pod-ip-nat hash:ip family inet maxelem 1048576
create ovn40subnets-nat hash:net family inet maxelem 1048576
add ovn40subnets-nat 10.16.0.0/16
create ovn40subnets-distributed-gw hash:net family inet maxelem 1048576
add ovn40subnets-distributed-gw 10.0.11.0/24
create ovn40other-node hash:net family inet maxelem 1048576
add ovn40other-node 192.168.0.102
create ovn40subnets-nat-policy hash:net family inet maxelem 1048576
add ovn40subnets-nat-policy 10.0.11.0/24
create ovn40natpr-418e79269dc5-src hash:net family inet maxelem 1048576
add ovn40natpr-418e79269dc5-src 10.0.11.0/30
add ovn40natpr-418e79269dc5-src 10.0.11.254
create ovn40natpr-418e79269dc5-dst hash:net family inet maxelem 1048576
add ovn40natpr-418e79269dc5-dst 114.114.114.114
add ovn40natpr-418e79269dc5-dst 8.8.8.8
create KUBE-NODE-PORT-LOCAL-TCP bitmap:port range 0-65535 comment
add KUBE-NODE-PORT-LOCAL-TCP 32080
create KUBE-NODE-PORT-LOCAL-UDP bitmap:port range 0-65535 comment
EOF

# The rules of the seed's table, in its order, plus the mangle jumps that lead to OVN-PREROUTING and
# OVN-OUTPUT (kube-ovn adds them with the comment "kube-ovn <parent> rules").
nx iptables-restore <<'EOF'
*mangle
:PREROUTING ACCEPT [0:0]
:INPUT ACCEPT [0:0]
:FORWARD ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
:POSTROUTING ACCEPT [0:0]
:OVN-OUTPUT - [0:0]
:OVN-PREROUTING - [0:0]
-A PREROUTING -m comment --comment "kube-ovn prerouting rules" -j OVN-PREROUTING
-A OUTPUT -m comment --comment "kube-ovn output rules" -j OVN-OUTPUT
-A OVN-OUTPUT -d 10.241.39.2/32 -p tcp -m tcp --dport 80 -j MARK --set-xmark 0x90003/0x90003
-A OVN-PREROUTING -d 10.241.39.2/32 -p tcp -m tcp --dport 80 -j TPROXY --on-port 8102 --on-ip 172.18.0.3 --tproxy-mark 0x90004/0x90004
COMMIT
*nat
:PREROUTING ACCEPT [0:0]
:INPUT ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
:POSTROUTING ACCEPT [0:0]
:OVN-NAT-POLICY - [0:0]
:OVN-NAT-PSUBNET-aa98851157c5 - [0:0]
:OVN-POSTROUTING - [0:0]
:OVN-PREROUTING - [0:0]
-A PREROUTING -m comment --comment "kube-ovn prerouting rules" -j OVN-PREROUTING
-A POSTROUTING -m comment --comment "kube-ovn postrouting rules" -j OVN-POSTROUTING
-A OVN-NAT-POLICY -s 10.0.11.0/24 -m comment --comment natPolicySubnet-net1 -j OVN-NAT-PSUBNET-aa98851157c5
-A OVN-NAT-PSUBNET-aa98851157c5 -m set --match-set ovn40natpr-418e79269dc5-src src -m set --match-set ovn40natpr-418e79269dc5-dst dst -j MARK --set-xmark 0x90002/0x90002
-A OVN-POSTROUTING -m set --match-set ovn40services src -m set --match-set ovn40subnets dst -m mark --mark 0x4000/0x4000 -j SNAT --to-source 192.168.0.101
-A OVN-POSTROUTING -m mark --mark 0x4000/0x4000 -j MASQUERADE
-A OVN-POSTROUTING -m set --match-set ovn40subnets src -m set --match-set ovn40subnets dst -j MASQUERADE
-A OVN-POSTROUTING -m mark --mark 0x80000/0x80000 -m set --match-set ovn40subnets-distributed-gw dst -j RETURN
-A OVN-POSTROUTING -m mark --mark 0x80000/0x80000 -j MASQUERADE
-A OVN-POSTROUTING -p tcp -m tcp --tcp-flags SYN NONE -m conntrack --ctstate NEW -j RETURN
-A OVN-POSTROUTING -s 10.16.0.0/16 -m set ! --match-set ovn40subnets dst -j SNAT --to-source 192.168.0.101
-A OVN-POSTROUTING -m set --match-set ovn40subnets-nat src -m set ! --match-set ovn40subnets dst -j MASQUERADE
-A OVN-POSTROUTING -m set --match-set ovn40subnets-nat-policy src -m set ! --match-set ovn40subnets dst -j OVN-NAT-POLICY
-A OVN-POSTROUTING -m mark --mark 0x90001/0x90001 -j MASQUERADE --random-fully
-A OVN-POSTROUTING -m mark --mark 0x90002/0x90002 -j RETURN
-A OVN-PREROUTING -i ovn0 -m set --match-set ovn40subnets src -m set --match-set ovn40services dst -j MARK --set-xmark 0x4000/0x4000
-A OVN-PREROUTING -p tcp -m addrtype --dst-type LOCAL -m set --match-set KUBE-NODE-PORT-LOCAL-TCP dst -j MARK --set-xmark 0x80000/0x80000
-A OVN-PREROUTING -p udp -m addrtype --dst-type LOCAL -m set --match-set KUBE-NODE-PORT-LOCAL-UDP dst -j MARK --set-xmark 0x80000/0x80000
COMMIT
*filter
:INPUT ACCEPT [0:0]
:FORWARD ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
-A INPUT -m set --match-set ovn40services src -j ACCEPT
-A INPUT -m set --match-set ovn40services dst -j ACCEPT
-A INPUT -m set --match-set ovn40subnets src -j ACCEPT
-A INPUT -m set --match-set ovn40subnets dst -j ACCEPT
-A FORWARD -m set --match-set ovn40services src -j ACCEPT
-A FORWARD -m set --match-set ovn40services dst -j ACCEPT
-A FORWARD -m set --match-set ovn40subnets src -j ACCEPT
-A FORWARD -m set --match-set ovn40subnets dst -j ACCEPT
-A FORWARD -s 10.16.0.0/16 -m comment --comment "ovn-subnet-gateway,ovn-default"
-A FORWARD -d 10.16.0.0/16 -m comment --comment "ovn-subnet-gateway,ovn-default"
-A OUTPUT -p udp -m udp --dport 6081 -j MARK --set-xmark 0x0
COMMIT
EOF

sleep 2   # IPv6 link-local addresses and their routes
mkdir -p "$OUT"
cap ip addr show >"$OUT/ip-addr.txt"
cap ip route show table all >"$OUT/ip-route.txt"
cap ip rule show >"$OUT/ip-rule.txt"
nx iptables-save -c >"$OUT/iptables-save.txt"
nx ipset save >"$OUT/ipset.txt"
nx sysctl -a 2>/dev/null | grep -E '^net\.ipv4\.(ip_forward|conf\.(all|default|eth0|lo|ovn0)\.rp_filter) ' >"$OUT/sysctl.txt"
for f in "$OUT"/*; do echo "=== $f"; cat "$f"; done
