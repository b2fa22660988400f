#!/usr/bin/env bash
# Rebuilds a kube-ovn default-VPC node and one of its pods in network namespaces, and the default
# VPC's OVN northbound database, and captures the snapshot. Run as root. Namespaces are named
# hpex-005-*; they and the OVN daemons (private NB/SB ovsdb-servers + ovn-northd in a temp dir,
# killed by PID) are removed on exit. Needs iproute2, iptables (nf_tables), ipset, ovn-central and
# the built CLI (`npm run build`): the hosts are captured with `hookpath collect`, as users do.
#
#   nginx-0 eth0 10.16.0.10 --- pd [ovn] pj --- ovn0 100.64.0.3 [kube-ovn-worker] eth0 192.168.0.101 --- eth0 outside 192.168.0.254 (+ 203.0.113.10)
#
# [ovn] stands in for the router ovn-cluster while capturing (not part of the snapshot): pd has the
# MAC and address of ovn-cluster-ovn-default, pj of ovn-cluster-join, and ip rules play kube-ovn's
# router policies (31000 allow to the cluster subnets, 30000 the node IP and 29000 the node's pods
# rerouted to the node's join IP 100.64.0.3). A ping from the pod, after the capture, shows the path works.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
PFX=hpex-005
RUN=$(mktemp -d "${TMPDIR:-/tmp}/hpex-005.XXXXXX")
NSLIST=() PIDS=()
cleanup() {
  local p n
  for p in "${PIDS[@]:-}"; do [ -n "$p" ] && kill "$p" 2>/dev/null || true; done
  for n in "${NSLIST[@]:-}"; do [ -n "$n" ] && ip netns del "$n" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$RUN"
}
trap cleanup EXIT
mkns() { ip netns add "$PFX-$1"; NSLIST+=("$PFX-$1"); ip -n "$PFX-$1" link set lo up
  ip netns exec "$PFX-$1" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1; }
nx() { local n=$1; shift; ip netns exec "$PFX-$n" "$@"; }
veth() { ip link add "$2" netns "$PFX-$1" type veth peer name "$4" netns "$PFX-$3"; ip -n "$PFX-$1" link set "$2" up; ip -n "$PFX-$3" link set "$4" up; }

LRP_DEF=00:00:00:3f:6d:45 LRP_JOIN=00:00:00:47:24:2f POD_MAC=00:00:00:16:00:10 NODE_MAC=00:00:00:93:93:4a
mkns nginx-0; mkns kube-ovn-worker; mkns outside; mkns ovn
veth nginx-0 eth0 ovn pd
veth kube-ovn-worker ovn0 ovn pj
veth kube-ovn-worker eth0 outside eth0
nx nginx-0 ip link set eth0 address "$POD_MAC" mtu 1400
nx kube-ovn-worker ip link set ovn0 address "$NODE_MAC" mtu 1400
nx kube-ovn-worker ip link set eth0 address 52:54:00:6d:2a:11
nx outside ip link set eth0 address 52:54:00:6d:2a:fe
nx ovn ip link set pd address "$LRP_DEF"
nx ovn ip link set pj address "$LRP_JOIN"
nx nginx-0 ip addr add 10.16.0.10/16 dev eth0
nx nginx-0 ip route add default via 10.16.0.1
nx ovn ip addr add 10.16.0.1/16 dev pd
nx ovn ip addr add 100.64.0.1/16 dev pj
nx ovn sysctl -qw net.ipv4.ip_forward=1
nx ovn ip rule add to 10.16.0.0/16 lookup main priority 100
nx ovn ip rule add to 100.64.0.0/16 lookup main priority 101
nx ovn ip route add default via 100.64.0.3 dev pj table 200
nx ovn ip rule add to 192.168.0.101 lookup 200 priority 102
nx ovn ip rule add from 10.16.0.10 lookup 200 priority 103
nx kube-ovn-worker ip addr add 100.64.0.3/16 dev ovn0
nx kube-ovn-worker ip addr add 192.168.0.101/24 dev eth0
# kube-ovn-daemon: a route per default-VPC subnet via the join gateway
nx kube-ovn-worker ip route add 10.16.0.0/16 via 100.64.0.1 dev ovn0
nx kube-ovn-worker ip route add default via 192.168.0.254 dev eth0
nx kube-ovn-worker sysctl -qw net.ipv4.ip_forward=1 net.ipv4.conf.all.rp_filter=0 net.ipv4.conf.default.rp_filter=0
nx outside ip addr add 192.168.0.254/24 dev eth0
nx outside ip addr add 203.0.113.10/32 dev lo
nx kube-ovn-worker ipset restore <<'SETS'
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
# kube-ovn-daemon's IPv4 rules (pkg/daemon/gateway_linux.go, setIptables) for ovn-default, a
# natOutgoing subnet with a distributed gateway; no NAT policy and no centralized egress IP here, so
# their rules are absent; MASQUERADE gets --random-fully as on a kernel that supports it.
nx kube-ovn-worker iptables-restore <<'RULES'
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
-A OUTPUT -p udp -m udp --dport 6081 -j MARK --set-xmark 0x0/0xffffffff
COMMIT
RULES
sleep 1

# --- the default VPC in OVN (pkg/controller/init.go, node.go, subnet.go) -------------------------------
for db in nb sb; do
  ovsdb-tool create "$RUN/$db.db" "/usr/share/ovn/ovn-$db.ovsschema"
  ovsdb-server --no-chdir --log-file="$RUN/$db.log" --unixctl="$RUN/$db.ctl" --remote="punix:$RUN/$db.sock" "$RUN/$db.db" >"$RUN/$db.out" 2>&1 &
  PIDS+=("$!")
done
for _ in $(seq 200); do [ -S "$RUN/nb.sock" ] && [ -S "$RUN/sb.sock" ] && break; sleep 0.02; done
export OVN_NB_DB=unix:$RUN/nb.sock OVN_SB_DB=unix:$RUN/sb.sock
nb() { ovn-nbctl "$@"; }
nb init
ovn-sbctl init
CH=2e3175b0-2129-4504-a333-0c4ac1f680d7
nb lr-add ovn-cluster -- set Logical_Router ovn-cluster external_ids:vendor=kube-ovn external_ids:vpc=ovn-cluster
subnet() { # <switch> <cidr> <gateway> <router port mac>
  nb ls-add "$1" -- set Logical_Switch "$1" external_ids:vendor=kube-ovn external_ids:logical_router=ovn-cluster \
    other_config:subnet="$2" other_config:exclude_ips="$3"
  nb lrp-add ovn-cluster "ovn-cluster-$1" "$4" "$3/${2#*/}" -- set Logical_Router_Port "ovn-cluster-$1" external_ids:vendor=kube-ovn \
    -- lsp-add "$1" "$1-ovn-cluster" -- lsp-set-type "$1-ovn-cluster" router -- lsp-set-addresses "$1-ovn-cluster" router \
    -- lsp-set-options "$1-ovn-cluster" router-port="ovn-cluster-$1"
}
subnet join 100.64.0.0/16 100.64.0.1 "$LRP_JOIN"
subnet ovn-default 10.16.0.0/16 10.16.0.1 "$LRP_DEF"
nb lsp-add join node-kube-ovn-worker -- lsp-set-addresses node-kube-ovn-worker "$NODE_MAC 100.64.0.3" \
  -- set Logical_Switch_Port node-kube-ovn-worker external_ids:vendor=kube-ovn external_ids:ls=join external_ids:node=kube-ovn-worker
nb lsp-add ovn-default nginx-0.default -- lsp-set-addresses nginx-0.default "$POD_MAC 10.16.0.10" \
  -- set Logical_Switch_Port nginx-0.default external_ids:vendor=kube-ovn external_ids:ls=ovn-default external_ids:pod=default/nginx-0
# the node's pods of ovn-default (createPortGroupForDistributedSubnet); OVN derives <pg>_ip4
nb pg-add ovn.default.kube.ovn.worker nginx-0.default -- set Port_Group ovn.default.kube.ovn.worker external_ids:vendor=kube-ovn \
  external_ids:subnet=ovn-default external_ids:node=kube-ovn-worker
nb lr-route-add ovn-cluster 0.0.0.0/0 100.64.0.1
policy() { # <priority> <match> <action> <nexthop or ""> <external_ids...>
  local cols=(priority="$1" "match=\"$2\"" action="$3") ids=(external_ids:vendor=kube-ovn) kv
  [ -n "$4" ] && cols+=(nexthops="\"$4\"")
  for kv in "${@:5}"; do ids+=("external_ids:$kv"); done
  nb --id=@p create Logical_Router_Policy "${cols[@]}" "${ids[@]}" -- add Logical_Router ovn-cluster policies @p >/dev/null
}
policy 31000 'ip4.dst == 10.16.0.0/16' allow '' subnet=ovn-default
policy 31000 'ip4.dst == 100.64.0.0/16' allow '' subnet=join
policy 30000 'ip4.dst == 192.168.0.101' reroute 100.64.0.3 node=kube-ovn-worker address-family=4
policy 29000 'ip4.src == $ovn.default.kube.ovn.worker_ip4' reroute 100.64.0.3 subnet=ovn-default node=kube-ovn-worker
ovn-northd --no-chdir --log-file="$RUN/northd.log" --unixctl="$RUN/northd.ctl" --ovnnb-db="$OVN_NB_DB" --ovnsb-db="$OVN_SB_DB" >"$RUN/northd.out" 2>&1 &
PIDS+=("$!")
for _ in $(seq 200); do [ -S "$RUN/northd.ctl" ] && break; sleep 0.02; done
nb --wait=sb --timeout=30 sync
ovn-sbctl chassis-add "$CH" geneve 192.168.0.101 -- set Chassis "$CH" hostname=kube-ovn-worker
ovn-sbctl lsp-bind node-kube-ovn-worker "$CH"
ovn-sbctl lsp-bind nginx-0.default "$CH"
nb --wait=sb --timeout=30 sync

# --- capture ---------------------------------------------------------------------------------------------
TMP=$RUN/snapshot
node "$ROOT/apps/cli/bin/hookpath.js" collect --netns "$PFX-nginx-0" "$PFX-kube-ovn-worker" "$PFX-outside" \
  --role "$PFX-nginx-0=pod" --role "$PFX-kube-ovn-worker=node" --role "$PFX-outside=external" --name 005-kube-ovn-node-egress --out "$TMP"
rm -rf "$HERE/hosts" "$HERE/ovn"
mkdir -p "$HERE/hosts" "$HERE/ovn"
for h in nginx-0 kube-ovn-worker outside; do mv "$TMP/hosts/$PFX-$h" "$HERE/hosts/$h"; done
ovsdb-client -f json dump "$OVN_NB_DB" OVN_Northbound >"$HERE/ovn/nb.json"
nb show >"$HERE/ovn/nbctl-show.txt"
ovn-sbctl show >"$HERE/ovn/sbctl-show.txt"
ovn-sbctl list MAC_Binding >"$HERE/ovn/sb-MAC_Binding.txt"
echo "--- collected topology.yaml (host names with the $PFX- prefix), replaced by the OVN bindings"
cat "$TMP/topology.yaml"
# after the capture, so that no conntrack entry or neighbour of it is in the snapshot
echo "--- the pod pings the outside (MASQUERADEd on the node)"
nx nginx-0 ping -c 1 -W 1 203.0.113.10
echo "--- ovn-trace: the pod's echo request leaves OVN at the node's join port"
ovn-trace --minimal ovn-default "inport == \"nginx-0.default\" && eth.src == $POD_MAC && eth.dst == $LRP_DEF && ip4.src == 10.16.0.10 && ip4.dst == 203.0.113.10 && ip.ttl == 64 && icmp4.type == 8 && icmp4.code == 0"
echo "--- ovn-trace: the de-MASQUERADEd reply from the node's ovn0 reaches the pod"
ovn-trace --minimal join "inport == \"node-kube-ovn-worker\" && eth.src == $NODE_MAC && eth.dst == $LRP_JOIN && ip4.src == 203.0.113.10 && ip4.dst == 10.16.0.10 && ip.ttl == 63 && icmp4.type == 0 && icmp4.code == 0"
