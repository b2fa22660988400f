# The kube-ovn default VPC with one node (sourced by 02-*, 05-*, 06-*): pod nginx-0.default
# 10.16.0.10 on ovn-default, router ovn-cluster with kube-ovn's policies, join with the node's port
# node-kube-ovn-worker bound to the node's ovn0 (100.64.0.3), the node's kube-ovn iptables/ipsets,
# and an outside host behind the node's eth0.
#
#   pod eth0 10.16.0.10 --- pd [ovn] pj --- ovn0 100.64.0.3 [node] eth0 192.168.0.101 --- eth0 out 192.168.0.254 (+ 203.0.113.10)
#
# The stand-in [ovn] is ovn-cluster: pd has the router port ovn-cluster-ovn-default's MAC and
# 10.16.0.1/16, pj ovn-cluster-join's MAC and 100.64.0.1/16; ip rules play the router policies
# (31000 allow to the cluster subnets, 30000 the node IP and 29000 the node's pods rerouted to the
# node's join IP).
# shellcheck shell=bash
LRP_DEF=00:00:00:3f:6d:45 LRP_JOIN=00:00:00:47:24:2f POD_MAC=00:00:00:16:00:10 NODE_MAC=00:00:00:93:93:4a
POD_PORT=nginx-0.default NODE_PORT=node-kube-ovn-worker

mkns pod pod
mkns node node
mkns out external
mkns ovn outside
veth pod eth0 ovn pd
veth node ovn0 ovn pj
veth node eth0 out eth0
nx pod ip link set eth0 address "$POD_MAC"
nx node ip link set ovn0 address "$NODE_MAC"
nx ovn ip link set pd address "$LRP_DEF"
nx ovn ip link set pj address "$LRP_JOIN"
addr pod eth0 10.16.0.10/16
nx pod ip route add default via 10.16.0.1
addr ovn pd 10.16.0.1/16
addr ovn pj 100.64.0.1/16
nx ovn sysctl -qw net.ipv4.ip_forward=1
nx ovn ip rule add to 10.16.0.0/16 lookup main priority 100
nx ovn ip rule add to 100.64.0.0/16 lookup main priority 101
nx ovn ip route add default via 100.64.0.3 dev pj table 200
nx ovn ip rule add to 192.168.0.101 lookup 200 priority 102
nx ovn ip rule add from 10.16.0.10 lookup 200 priority 103
addr node ovn0 100.64.0.3/16
addr node eth0 192.168.0.101/24
nx node ip route add 10.16.0.0/16 via 100.64.0.1 dev ovn0
nx node ip route add default via 192.168.0.254 dev eth0
forwarding node
addr out eth0 192.168.0.254/24
addr out lo 203.0.113.10/32
nx node ipset restore <<'SETS' || die "ipset restore"
create ovn40services hash:net family inet maxelem 1048576
add ovn40services 10.96.0.0/12
create ovn40subnets hash:net family inet maxelem 1048576
add ovn40subnets 10.16.0.0/16
add ovn40subnets 100.64.0.0/16
create ovn40subnets-nat hash:net family inet maxelem 1048576
add ovn40subnets-nat 10.16.0.0/16
create ovn40subnets-distributed-gw hash:net family inet maxelem 1048576
add ovn40subnets-distributed-gw 10.16.0.0/16
create ovn40other-node hash:net family inet maxelem 1048576
SETS
# kube-ovn-daemon's IPv4 rules (pkg/daemon/gateway_linux.go) for a natOutgoing subnet with a
# distributed gateway, without NAT policies or centralized egress IPs
rules node <<'RULES'
*nat
:PREROUTING ACCEPT [0:0]
:INPUT ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
:POSTROUTING ACCEPT [0:0]
:OVN-MASQUERADE - [0:0]
:OVN-POSTROUTING - [0:0]
:OVN-PREROUTING - [0:0]
-A PREROUTING -m comment --comment "kube-ovn prerouting rules" -j OVN-PREROUTING
-A POSTROUTING -m comment --comment "kube-ovn postrouting rules" -j OVN-POSTROUTING
-A OVN-MASQUERADE -j MARK --set-xmark 0x0/0xffffffff
-A OVN-MASQUERADE -j MASQUERADE --random-fully
-A OVN-POSTROUTING -m mark --mark 0x4000/0x4000 -j OVN-MASQUERADE
-A OVN-POSTROUTING -m set --match-set ovn40subnets src -m set --match-set ovn40subnets dst -j OVN-MASQUERADE
-A OVN-POSTROUTING -m mark --mark 0x80000/0x80000 -m set --match-set ovn40subnets-distributed-gw dst -j RETURN
-A OVN-POSTROUTING -m mark --mark 0x80000/0x80000 -j OVN-MASQUERADE
-A OVN-POSTROUTING -p tcp -m tcp --tcp-flags SYN NONE -m conntrack --ctstate NEW -j RETURN
-A OVN-POSTROUTING -m set ! --match-set ovn40subnets src -m set ! --match-set ovn40other-node src -m set --match-set ovn40subnets-nat dst -j RETURN
-A OVN-POSTROUTING -m set --match-set ovn40subnets-nat src -m set ! --match-set ovn40subnets dst -j OVN-MASQUERADE
-A OVN-PREROUTING -i ovn0 -m set --match-set ovn40subnets src -m set --match-set ovn40services dst -j MARK --set-xmark 0x4000/0x4000
COMMIT
*filter
:INPUT ACCEPT [0:0]
:FORWARD ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
-A INPUT -m set --match-set ovn40subnets src -j ACCEPT
-A INPUT -m set --match-set ovn40subnets dst -j ACCEPT
-A INPUT -m set --match-set ovn40services src -j ACCEPT
-A INPUT -m set --match-set ovn40services dst -j ACCEPT
-A FORWARD -m set --match-set ovn40subnets src -j ACCEPT
-A FORWARD -m set --match-set ovn40subnets dst -j ACCEPT
-A FORWARD -m set --match-set ovn40services src -j ACCEPT
-A FORWARD -m set --match-set ovn40services dst -j ACCEPT
COMMIT
RULES

# The default VPC in OVN (pkg/controller/init.go, node.go, subnet.go), one node.
ovn_start
ko_router ovn-cluster
ko_subnet join ovn-cluster 100.64.0.0/16 100.64.0.1 "$LRP_JOIN"
ko_subnet ovn-default ovn-cluster 10.16.0.0/16 10.16.0.1 "$LRP_DEF"
nb lsp-add join "$NODE_PORT" -- lsp-set-addresses "$NODE_PORT" "$NODE_MAC 100.64.0.3" \
  -- set Logical_Switch_Port "$NODE_PORT" external_ids:vendor=kube-ovn external_ids:ls=join external_ids:node=kube-ovn-worker
ko_pod ovn-default nginx-0 default "$POD_MAC" 10.16.0.10
ko_port_group ovn.default.kube.ovn.worker subnet=ovn-default node=kube-ovn-worker -- "$POD_PORT"
nb lr-route-add ovn-cluster 0.0.0.0/0 100.64.0.1
ko_policy ovn-cluster 31000 'ip4.dst == 10.16.0.0/16' allow '' subnet=ovn-default
ko_policy ovn-cluster 31000 'ip4.dst == 100.64.0.0/16' allow '' subnet=join
ko_policy ovn-cluster 30000 'ip4.dst == 192.168.0.101' reroute 100.64.0.3 node=kube-ovn-worker address-family=4
ko_policy ovn-cluster 29000 'ip4.src == $ovn.default.kube.ovn.worker_ip4' reroute 100.64.0.3 subnet=ovn-default node=kube-ovn-worker
EXTRA_NB=${EXTRA_NB:-}
if [ -n "$EXTRA_NB" ]; then eval "$EXTRA_NB"; fi
ovn_settle
ovn_port "$POD_PORT" pod:eth0
ovn_port "$NODE_PORT" node:ovn0

# ip_flow <inport> <eth.src> <eth.dst> <src> <dst> <ttl>
ip_flow() { printf 'inport == "%s" && eth.src == %s && eth.dst == %s && ip4.src == %s && ip4.dst == %s && ip.ttl == %s' "$@"; }
