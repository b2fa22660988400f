#!/usr/bin/env bash
# Rebuilds the seed-004 node and its neighbours in network namespaces (hpex-004-*) and captures the
# files that README.md marks "captured": the node's route table, and every file of
# pod-10-12-192-44 (except its seed-verbatim ip-addr.txt), vpc-router and backend-10-253-4-194.
# Run as root; the namespaces are deleted on exit. IPv6 is off everywhere, as in the seed's pod.
#
#   pod-10-12-192-44 eth0 (28) -- fsk7c22dbae71f7 (29) [node] eth0 10.12.97.49/24 -- vpc-primary -- eth0 10.12.97.1/24  [vpc-router]
#                                                            eth1 (no address)    -- vpc-eni     -- eth1 10.12.192.1/24 [vpc-router]
#                                                                   backend-10-253-4-194 eth0 10.253.4.194/16 -- vpc-backend -- eth2 10.253.0.1/16 [vpc-router]
#
# The node gets the seed's interface indexes, MACs, MTUs, addresses, routes (main and table 1003)
# and rules. This kernel has neither dummy links nor IPVS: dummy0 and kube-ipvs0 are bridges that
# stay down (an address on a down link still gets its local route, as on kube-ipvs0), and the node's
# ip-addr.txt, ip-link.txt, iptables-save.txt, ipset.txt and ipvsadm.txt come from the seed (see
# README.md). The script ends by comparing the rebuilt node with those seed files.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
PFX=hpex-004
NODE=node-10-12-97-49
POD=pod-10-12-192-44
VPC=vpc-router
BE=backend-10-253-4-194
NSLIST=()

cleanup() {
  local n
  for n in "${NSLIST[@]:-}"; do [ -n "$n" ] && ip netns del "$n" 2>/dev/null || true; done
}
trap cleanup EXIT

mkns() {
  ip netns add "$PFX-$1"; NSLIST+=("$PFX-$1")
  ip netns exec "$PFX-$1" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1 net.ipv6.conf.lo.disable_ipv6=1
  ip netns exec "$PFX-$1" sysctl -qw net.ipv4.conf.all.rp_filter=0 net.ipv4.conf.default.rp_filter=0
  ip -n "$PFX-$1" link set lo up
}
nx() { local n=$1; shift; ip netns exec "$PFX-$n" "$@"; }
cap() { local n=$1; shift; ip netns exec "$PFX-$n" sh -c 'mount -t tmpfs tmpfs /run/netns && exec "$@"' sh "$@"; }

mkns node; mkns pod; mkns vpc; mkns be; mkns others

# --- node links, with the seed's indexes and MACs ----------------------------------------------------
ip -n "$PFX-node" link add name eth0 index 2 address 52:54:00:bb:f5:77 mtu 9001 type veth peer name eth0 netns "$PFX-vpc"
ip -n "$PFX-node" link add name eth1 index 3 address 20:90:6f:42:35:13 mtu 9001 type veth peer name eth1 netns "$PFX-vpc"
ip -n "$PFX-node" link add name dummy0 index 4 address 4e:b7:46:71:d2:b4 type bridge
ip -n "$PFX-node" link add name kube-ipvs0 index 5 address 6e:f5:43:c4:f7:64 type bridge
for l in dummy0 kube-ipvs0; do nx node ip link set "$l" arp off multicast off; done
nx node ip link set dummy0 txqueuelen 1000
nx node ip link set kube-ipvs0 txqueuelen 0
# pod veths: <node index> <name> <mac> <peer index> <peer netns>
fsk() {
  ip -n "$PFX-node" link add name "$2" index "$1" address "$3" mtu 9001 type veth peer name eth0 index "$4" mtu 9001 netns "$PFX-$5" ${6:+address $6}
  nx node ip link set "$2" up
}
fsk 29 fsk7c22dbae71f7 4e:8d:9e:0f:42:89 28 pod c2:c9:cc:9c:b7:51
nx others true
for spec in "27 fsk43227a97fc8c 86:18:c7:ad:54:28 26" "31 fskf589f83877f6 f2:5d:a3:80:c2:52 30" \
            "33 fskf124324b1db6 ae:15:61:f1:59:4f 32" "35 fskc611c3dc93de a2:5d:11:0b:aa:af 34" \
            "37 fskfaeb6762732b 12:66:02:1d:79:a9 36"; do
  set -- $spec
  ip -n "$PFX-node" link add name "$2" index "$1" address "$3" mtu 9001 type veth peer name "p$4" index "$4" mtu 9001 netns "$PFX-others"
  nx others ip link set "p$4" up
  nx node ip link set "$2" up
done

# --- node addresses, routes, rules, as in the seed -------------------------------------------------------
nx node sysctl -qw net.ipv4.ip_forward=1
nx node ip link set eth0 up
nx node ip link set eth1 up
nx node ip addr add 10.12.97.49/24 brd 10.12.97.255 dev eth0
for a in 10.12.115.101 10.12.97.112 10.12.97.70; do nx node ip addr add "$a/32" dev kube-ipvs0; done
nx node ip route add default via 10.12.97.1 dev eth0
nx node ip route add 169.254.0.0/16 dev eth0 scope link metric 1002
nx node ip route add 10.12.192.3 dev fsk43227a97fc8c scope link
nx node ip route add 10.12.192.34 dev fskc611c3dc93de scope link
nx node ip route add 10.12.192.35 dev fskf124324b1db6 scope link
nx node ip route add 10.12.192.42 dev fskf589f83877f6 scope link
nx node ip route add 10.12.192.44 dev fsk7c22dbae71f7 scope link
nx node ip route add 10.12.192.45 dev fskfaeb6762732b scope link
nx node ip route add 10.12.192.1 dev eth1 scope link table 1003
nx node ip route add default via 10.12.192.1 dev eth1 table 1003
PODS="10.12.192.3 10.12.192.12 10.12.192.14 10.12.192.10 10.12.192.16 10.12.192.44 10.12.192.42 10.12.192.35 10.12.192.34 10.12.192.45"
for p in $PODS; do nx node ip rule add to "$p" lookup main pref 1000; done
for p in $PODS; do nx node ip rule add from "$p" lookup 1003 pref 2000; done

# --- the pod: a /32 address and a link-local next hop on its veth ---------------------------------------
nx pod ip link set eth0 up
nx pod ip addr add 10.12.192.44/32 dev eth0
nx pod ip route add 169.254.1.1 dev eth0 scope link
nx pod ip route add default via 169.254.1.1 dev eth0
nx pod ip neigh add 169.254.1.1 dev eth0 lladdr 4e:8d:9e:0f:42:89 nud permanent

# --- the VPC's router (both subnet gateways, and the backends' network) and one backend -----------------
ip -n "$PFX-vpc" link add eth2 address 52:54:00:7a:00:02 type veth peer name eth0 address 52:54:00:fd:04:c2 netns "$PFX-be"
nx vpc ip link set eth0 address 52:54:00:7a:00:00
nx vpc ip link set eth1 address 52:54:00:7a:00:01
for l in eth0 eth1 eth2; do nx vpc ip link set "$l" mtu 9001 up; done
nx vpc sysctl -qw net.ipv4.ip_forward=1
nx vpc ip addr add 10.12.97.1/24 brd 10.12.97.255 dev eth0
nx vpc ip addr add 10.12.192.1/24 brd 10.12.192.255 dev eth1
nx vpc ip addr add 10.253.0.1/16 brd 10.253.255.255 dev eth2
# The cloud delivers an ENI's secondary addresses to that ENI: permanent neighbour entries for the
# pods that have a veth on the node, pointing at the node's eth1.
for p in 10.12.192.3 10.12.192.34 10.12.192.35 10.12.192.42 10.12.192.44 10.12.192.45; do
  nx vpc ip neigh add "$p" dev eth1 lladdr 20:90:6f:42:35:13 nud permanent
done
nx be ip link set eth0 mtu 9001 up
nx be ip addr add 10.253.4.194/16 brd 10.253.255.255 dev eth0
nx be ip route add default via 10.253.0.1 dev eth0

sleep 1
H=$HERE/hosts
mkdir -p "$H/$NODE" "$H/$POD" "$H/$VPC" "$H/$BE"
cap node ip route show table all >"$H/$NODE/ip-route.txt"
cap pod ip route show table all >"$H/$POD/ip-route.txt"
cap pod ip rule show >"$H/$POD/ip-rule.txt"
cap pod ip -j neigh show >"$H/$POD/neigh.json"
for h in vpc be; do
  case $h in vpc) d=$VPC ;; be) d=$BE ;; esac
  cap "$h" ip addr show >"$H/$d/ip-addr.txt"
  cap "$h" ip route show table all >"$H/$d/ip-route.txt"
  cap "$h" ip rule show >"$H/$d/ip-rule.txt"
done
cap vpc ip -j neigh show >"$H/$VPC/neigh.json"
nx vpc sysctl -a 2>/dev/null | grep -E '^net\.ipv4\.(ip_forward|conf\.(all|default|eth0|eth1|eth2|lo)\.rp_filter) ' >"$H/$VPC/sysctl.txt"

# --- compare the rebuild with the seed files -------------------------------------------------------------
echo "--- ip rule: rebuilt vs seed file (expected difference: iproute2 6.1 prints no trailing space)"
diff <(cap node ip rule show) <(sed 's/ $//' "$H/$NODE/ip-rule.txt") && echo same
echo "--- pod ip addr: rebuilt vs seed file"
diff <(cap pod ip addr show) "$H/$POD/ip-addr.txt" && echo same
echo "--- node main table: rebuilt vs seed text"
diff <(grep -v -e ' table ' -e '^local ' -e '^broadcast ' "$H/$NODE/ip-route.txt") - <<'EOF' && echo same
default via 10.12.97.1 dev eth0 
10.12.97.0/24 dev eth0 proto kernel scope link src 10.12.97.49 
10.12.192.3 dev fsk43227a97fc8c scope link 
10.12.192.34 dev fskc611c3dc93de scope link 
10.12.192.35 dev fskf124324b1db6 scope link 
10.12.192.42 dev fskf589f83877f6 scope link 
10.12.192.44 dev fsk7c22dbae71f7 scope link 
10.12.192.45 dev fskfaeb6762732b scope link 
169.254.0.0/16 dev eth0 scope link metric 1002 
EOF
echo "--- node ip addr (dummy0, kube-ipvs0 and the fsk links to compare with the derived ip-addr.txt)"
cap node ip addr show
cat "$H/$NODE/ip-route.txt"
