#!/usr/bin/env bash
# Rebuilds the seed-000 incident in network namespaces and captures the files that README.md marks
# "captured": the gateway's route table and conntrack table, every file of vm-13-13-0-4 and
# external-gw, and the VPC's OVN northbound database (ovn/). Run as root. Namespaces are named
# hpex-000-*, and are deleted on exit.
#
#   vm-13-13-0-4 eth0 --+                                           +-- bond5.200 (ifindex 424) -- eth0 external-gw
#                       br-vpc 13.13.0.254 (stands in for the OVN    |                               192.169.100.1/24
#   gw eth0 (431) ------+  switch subnet-skwgfk6s and the VPC router |
#                          vpc-iwm2hkn4) [hpex-000-sw]               |
#   gw net1 (2, macvlan bridge on bond5.200) -----------------------+
#
# The VM's default route is the subnet gateway 13.13.0.254, the VPC's OVN router; the router's
# static route 0.0.0.0/0 -> 13.13.0.253 (the NAT gateway's lanIp) sends its traffic on to the
# gateway pod. Here the bridge namespace plays that router (the router port's MAC and address, that
# one route); what the gateway receives and tracks is the same. The gateway answers the VM directly
# (13.13.0.0/24 is on-link on its eth0), as in the cluster.
#
# The gateway pod gets the seed's interface indexes, MACs, MTUs, addresses (192.169.100.2 added
# after 192.169.100.3, so it is the secondary) and routes, and the seed's nat table through
# iptables-legacy. The external peer has no route to 13.13.0.0/24, like the real upstream router,
# so the un-NATed ping never gets an answer.
#
# The incident: a ping with ICMP id 27281 runs from 13.13.0.4 before the floating IP is bound;
# then the EXCLUSIVE_DNAT/EXCLUSIVE_SNAT rules are added; `conntrack -L` still shows the old,
# un-NATed entry. On this kernel (>= 4.10) conntrack only runs in a namespace once a rule needs it,
# and the gateway's nat table has no NAT target before the binding; the seed's gateway tracked the
# ping anyway (older kernels ran conntrack in every namespace). The script therefore switches
# conntrack on with a separate nft table `hpex_ct` that is not part of the snapshot.
#
# The OVN side (needs ovn-central: ovsdb-server, ovsdb-tool, ovn-nbctl, ovn-northd; OVN 23.03 here):
# private NB and SB ovsdb-servers and ovn-northd on unix sockets in a temp dir, killed by PID on
# exit; the VPC's rows built with ovn-nbctl as kube-ovn's controller writes them (names, addresses
# "router" on router-type ports, external_ids); captured as ovn/nb.json, ovn/nbctl-show.txt,
# ovn/sbctl-show.txt and ovn/sb-MAC_Binding.txt, and the VM's echo request traced with ovn-trace.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
PFX=hpex-000
GW=vpc-nat-gw-eip-p7cs4r5y-0
VM=vm-13-13-0-4
EXT=external-gw
NSLIST=()
BGPIDS=()
RUN=$(mktemp -d "${TMPDIR:-/tmp}/hpex-000.XXXXXX")
NBPID= SBPID= NORTHDPID=
# The VPC router port of subnet-skwgfk6s (kube-ovn gives router ports random 00:00:00 MACs).
LRP_MAC=00:00:00:b6:3d:0e

cleanup() {
  local p n
  for p in "${BGPIDS[@]:-}"; do [ -n "$p" ] && kill "$p" 2>/dev/null || true; done
  for n in "${NSLIST[@]:-}"; do [ -n "$n" ] && ip netns del "$n" 2>/dev/null || true; done
  for p in $NORTHDPID $SBPID $NBPID; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$RUN"
}
trap cleanup EXIT

mkns() { ip netns add "$PFX-$1"; NSLIST+=("$PFX-$1"); ip -n "$PFX-$1" link set lo up; }
nx() { local n=$1; shift; ip netns exec "$PFX-$n" "$@"; }
# Run a command so that `ip` prints `link-netnsid N` as inside a real pod, where the peer namespaces
# have no name: `ip netns exec` gives the command its own mount namespace, and an empty /run/netns
# hides the names of the namespaces created here.
cap() { local n=$1; shift; ip netns exec "$PFX-$n" sh -c 'mount -t tmpfs tmpfs /run/netns && exec "$@"' sh "$@"; }

mkns sw; mkns gw; mkns vm; mkns ext

# --- wires ------------------------------------------------------------------------------------------
# br-vpc is the switch and, with the router port's MAC and address and the VPC's static route, the
# router: it forwards the VM's traffic back out of the same bridge to 13.13.0.253 (no redirects).
nx sw sysctl -qw net.ipv4.ip_forward=1 net.ipv4.conf.all.send_redirects=0 net.ipv4.conf.default.send_redirects=0
nx sw ip link add br-vpc address "$LRP_MAC" type bridge
nx sw ip link set br-vpc up
nx sw ip addr add 13.13.0.254/24 dev br-vpc
nx sw ip route add default via 13.13.0.253 dev br-vpc
# macvlan parent and the external peer
ip -n "$PFX-sw" link add name bond5.200 index 424 type veth peer name eth0 address 52:54:00:3c:9a:01 netns "$PFX-ext"
# the gateway's net1 (ifindex 2) and eth0 (ifindex 431, peer 432)
ip -n "$PFX-sw" link add link bond5.200 name net1 index 2 address 8e:1d:ec:57:6c:34 netns "$PFX-gw" type macvlan mode bridge
ip -n "$PFX-sw" link add name p432 index 432 type veth peer name eth0 index 431 address aa:cc:17:e5:61:ca netns "$PFX-gw"
# the VM pod
ip -n "$PFX-sw" link add name p433 type veth peer name eth0 address 00:00:00:e2:57:1c netns "$PFX-vm"
for p in bond5.200 p432 p433; do nx sw ip link set "$p" up; done
nx sw ip link set p432 master br-vpc
nx sw ip link set p433 master br-vpc

# --- gateway pod --------------------------------------------------------------------------------------
nx gw ip link set net1 txqueuelen 0
nx gw ip link set eth0 txqueuelen 0 mtu 1400
nx gw ip link set eth0 up
nx gw ip link set net1 up
nx gw ip addr add 13.13.0.253/24 brd 13.13.0.255 dev eth0
nx gw ip addr add 192.169.100.3/24 brd 192.169.100.255 dev net1
nx gw ip addr add 192.169.100.2/24 dev net1
nx gw ip route add default via 192.169.100.1 dev net1
nx gw ip route add 10.96.0.0/12 via 13.13.0.254 dev eth0
nx gw sysctl -qw net.ipv4.ip_forward=1
# the nat table as the gateway's init created it (seed's chains and jumps, no floating IP yet)
nx gw iptables-legacy-restore <<'EOF'
*nat
:PREROUTING ACCEPT [0:0]
:INPUT ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
:POSTROUTING ACCEPT [0:0]
:DNAT_FILTER - [0:0]
:EXCLUSIVE_DNAT - [0:0]
:EXCLUSIVE_SNAT - [0:0]
:SHARED_DNAT - [0:0]
:SHARED_SNAT - [0:0]
:SNAT_FILTER - [0:0]
-A PREROUTING -j DNAT_FILTER
-A POSTROUTING -j SNAT_FILTER
-A DNAT_FILTER -j EXCLUSIVE_DNAT
-A DNAT_FILTER -j SHARED_DNAT
-A SNAT_FILTER -j EXCLUSIVE_SNAT
-A SNAT_FILTER -j SHARED_SNAT
COMMIT
EOF
nx gw nft -f - <<'EOF'
table ip hpex_ct {
  chain pre { type filter hook prerouting priority -300; policy accept; ct state new counter; }
}
EOF

# --- VM pod and external peer ----------------------------------------------------------------------------
nx vm ip link set eth0 mtu 1400
nx vm ip link set eth0 up
nx vm ip addr add 13.13.0.4/24 dev eth0
nx vm ip route add default via 13.13.0.254 dev eth0
nx ext ip link set eth0 up
nx ext ip addr add 192.169.100.1/24 dev eth0

sleep 2   # IPv6 link-local addresses and their routes

# --- the incident -----------------------------------------------------------------------------------------
# An echo request every second with ICMP id 27281 (the id of the seed's running ping).
nx vm python3 - <<'EOF' &
import socket, struct, time
def csum(b):
    s = sum(struct.unpack('!%dH' % (len(b) // 2), b))
    s = (s >> 16) + (s & 0xffff); s += s >> 16
    return ~s & 0xffff
sock = socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_ICMP)
seq = 1
while True:
    payload = bytes(range(56))
    hdr = struct.pack('!BBHHH', 8, 0, 0, 27281, seq)
    pkt = struct.pack('!BBHHH', 8, 0, csum(hdr + payload), 27281, seq) + payload
    try:
        sock.sendto(pkt, ('192.169.100.1', 0))
    except OSError:
        break
    seq += 1
    time.sleep(1)
EOF
BGPIDS+=("$!")
sleep 3
echo "--- gateway conntrack before the binding"
nx gw conntrack -L -p icmp 2>/dev/null

# bind the floating IP: what nat-gateway.sh floating-ip-add runs
nx gw iptables-legacy -t nat -A EXCLUSIVE_DNAT -d 192.169.100.2 -j DNAT --to-destination 13.13.0.4
nx gw iptables-legacy -t nat -A EXCLUSIVE_SNAT -s 13.13.0.4 -j SNAT --to-source 192.169.100.2
sleep 3

H=$HERE/hosts
mkdir -p "$H/$GW" "$H/$VM" "$H/$EXT"
nx gw conntrack -L 2>/dev/null >"$H/$GW/conntrack.txt"
cap gw ip route show table all >"$H/$GW/ip-route.txt"
cap gw ip rule show >"$H/$GW/ip-rule.txt"
cap gw ip -d link show >"$H/$GW/ip-link.txt"
for h in vm ext; do
  case $h in vm) d=$VM ;; ext) d=$EXT ;; esac
  cap "$h" ip addr show >"$H/$d/ip-addr.txt"
  cap "$h" ip route show table all >"$H/$d/ip-route.txt"
  cap "$h" ip rule show >"$H/$d/ip-rule.txt"
done

echo "--- captured conntrack.txt"; cat "$H/$GW/conntrack.txt"
echo "--- the gateway as rebuilt, to compare with the seed's ip-addr.txt and iptables-nat.txt"
cap gw ip addr show
nx gw iptables-legacy -S -t nat
echo "--- a new ping (another ICMP id) after the binding is NATed"
nx vm ping -c 2 -i 0.3 -W 1 192.169.100.1 || true
nx gw conntrack -L -p icmp 2>/dev/null

# --- the VPC in OVN ----------------------------------------------------------------------------------
# kube-ovn's rows for Vpc vpc-iwm2hkn4 and Subnet subnet-skwgfk6s (pkg/ovs/ovn-nb-*.go): the router,
# the subnet's switch and its router port 13.13.0.254/24 (router-type switch port with addresses
# "router"), the VPC's static route 0.0.0.0/0 -> 13.13.0.253 (policy dst-ip, vendor=kube-ovn), the
# subnet's priority-31000 `ip4.dst == 13.13.0.0/24 allow` policy, and one port per pod of the subnet
# named <pod>.<namespace> with "<mac> <ip>": the VM and the NAT gateway's eth0 (its VPC leg; net1 is
# the macvlan, outside OVN).
ovsdb-tool create "$RUN/nb.db" /usr/share/ovn/ovn-nb.ovsschema
ovsdb-tool create "$RUN/sb.db" /usr/share/ovn/ovn-sb.ovsschema
ovsdb-server --no-chdir --log-file="$RUN/nb.log" --unixctl="$RUN/nb.ctl" --remote="punix:$RUN/nb.sock" "$RUN/nb.db" \
  >"$RUN/nb.out" 2>&1 &
NBPID=$!
ovsdb-server --no-chdir --log-file="$RUN/sb.log" --unixctl="$RUN/sb.ctl" --remote="punix:$RUN/sb.sock" "$RUN/sb.db" \
  >"$RUN/sb.out" 2>&1 &
SBPID=$!
for _ in $(seq 200); do [ -S "$RUN/nb.sock" ] && [ -S "$RUN/sb.sock" ] && break; sleep 0.02; done
export OVN_NB_DB=unix:$RUN/nb.sock OVN_SB_DB=unix:$RUN/sb.sock
nb() { ovn-nbctl "$@"; }
nb init
ovn-sbctl init

VPC=vpc-iwm2hkn4
LS=subnet-skwgfk6s
nb lr-add "$VPC" -- set Logical_Router "$VPC" external_ids:vendor=kube-ovn external_ids:vpc="$VPC"
nb ls-add "$LS" -- set Logical_Switch "$LS" external_ids:vendor=kube-ovn external_ids:logical_router="$VPC" \
  other_config:subnet=13.13.0.0/24 other_config:exclude_ips=13.13.0.254
nb lrp-add "$VPC" "$VPC-$LS" "$LRP_MAC" 13.13.0.254/24 -- set Logical_Router_Port "$VPC-$LS" external_ids:vendor=kube-ovn \
  -- lsp-add "$LS" "$LS-$VPC" -- lsp-set-type "$LS-$VPC" router -- lsp-set-addresses "$LS-$VPC" router \
  -- lsp-set-options "$LS-$VPC" router-port="$VPC-$LS"
pod_port() { # <pod> <namespace> <mac> <ip>
  nb lsp-add "$LS" "$1.$2" -- lsp-set-addresses "$1.$2" "$3 $4" \
    -- set Logical_Switch_Port "$1.$2" external_ids:vendor=kube-ovn external_ids:ls="$LS" external_ids:pod="$2/$1"
}
pod_port "$VM" default 00:00:00:e2:57:1c 13.13.0.4
pod_port "$GW" kube-system aa:cc:17:e5:61:ca 13.13.0.253
nb --policy=dst-ip lr-route-add "$VPC" 0.0.0.0/0 13.13.0.253
nb set Logical_Router_Static_Route "$(nb --bare --columns=_uuid find Logical_Router_Static_Route ip_prefix=0.0.0.0/0)" \
  external_ids:vendor=kube-ovn
nb --id=@p create Logical_Router_Policy priority=31000 'match="ip4.dst == 13.13.0.0/24"' action=allow \
  external_ids:vendor=kube-ovn external_ids:subnet="$LS" -- add Logical_Router "$VPC" policies @p >/dev/null

ovn-northd --no-chdir --log-file="$RUN/northd.log" --unixctl="$RUN/northd.ctl" --ovnnb-db="$OVN_NB_DB" --ovnsb-db="$OVN_SB_DB" \
  >"$RUN/northd.out" 2>&1 &
NORTHDPID=$!
for _ in $(seq 200); do [ -S "$RUN/northd.ctl" ] && break; sleep 0.02; done
ovn-nbctl --wait=sb --timeout=30 sync

O=$HERE/ovn
mkdir -p "$O"
ovsdb-client -f json dump "$OVN_NB_DB" OVN_Northbound >"$O/nb.json"
nb show >"$O/nbctl-show.txt"
ovn-sbctl show >"$O/sbctl-show.txt"
ovn-sbctl list MAC_Binding >"$O/sb-MAC_Binding.txt"

echo "--- ovn-trace: the VM's echo request to 192.169.100.1 leaves OVN at the gateway's eth0 port"
ovn-trace --minimal "$LS" "inport == \"$VM.default\" && eth.src == 00:00:00:e2:57:1c && eth.dst == $LRP_MAC && ip4.src == 13.13.0.4 && ip4.dst == 192.169.100.1 && ip.ttl == 64 && icmp4.type == 8 && icmp4.code == 0"
echo "--- ovn-trace: the gateway's echo reply to 13.13.0.4 (on-link on its eth0) goes straight to the VM"
ovn-trace --minimal "$LS" "inport == \"$GW.kube-system\" && eth.src == aa:cc:17:e5:61:ca && eth.dst == 00:00:00:e2:57:1c && ip4.src == 192.169.100.1 && ip4.dst == 13.13.0.4 && ip.ttl == 64 && icmp4.type == 0 && icmp4.code == 0"
