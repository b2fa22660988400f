#!/usr/bin/env bash
# Rebuilds the kube-ovn default-VPC gateway node of seed 001 in one network namespace (hpex-001-node)
# and the default VPC's OVN northbound database, and captures every file of hosts/kube-ovn-worker
# and ovn/. Run as root; the namespace and the OVN daemons (private NB/SB ovsdb-servers and
# ovn-northd in a temp dir, killed by PID) are removed on exit. Needs iproute2, iptables
# (nf_tables), ipset, conntrack and ovn-central (OVN 23.03 here).
#
# eth0 and ovn0 are tap devices held open by a small process, standing in for the node's NIC and
# for the OVS internal port ovn0 (text `ip addr` output does not name the link kind). The ipsets
# and the iptables rules are loaded with `ipset restore` and `iptables-restore` (nf_tables backend)
# and read back with `ipset save` and `iptables-save -c`, so both files are what the tools print.
#
# The OVN side is built with ovn-nbctl as kube-ovn's controller writes it (pkg/controller/init.go,
# node.go, subnet.go): router ovn-cluster, switches join, ovn-default and net1 with their
# router-type ports, the node's join port node-kube-ovn-worker (ovn0's MAC and address), one pod
# port on ovn-default and one on net1, and the router policies. ovn-default has a centralized
# gateway on this node (29000 `ip4.src == 10.16.0.0/16` reroutes to its join IP); net1 is
# distributed (29000 `ip4.src == $net1.kube.ovn.worker_ip4`, from the port group of the node's net1
# pods). After the capture, each OVN crossing of the README's flows is printed with ovn-trace, and
# the frame ovn-trace outputs to node-kube-ovn-worker is written into the ovn0 tap, so that the
# kernel shows what leaves eth0 and which rules counted it.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
NS=hpex-001-node
OUT=$HERE/hosts/kube-ovn-worker
RUN=$(mktemp -d "${TMPDIR:-/tmp}/hpex-001.XXXXXX")
HOLDER= NBPID= SBPID= NORTHDPID=

cleanup() {
  local p
  for p in $HOLDER $NORTHDPID $SBPID $NBPID; do kill "$p" 2>/dev/null || true; done
  ip netns del "$NS" 2>/dev/null || true
  wait 2>/dev/null || true
  rm -rf "$RUN"
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
# The same process writes a frame into a tap when told to through $RUN/taps.in
# (`<iface> <eth.src> <eth.dst> <ip4.src> <ip4.dst> <ttl> tcp|udp|icmp <sport|id> <dport>`, a TCP
# segment is a SYN) and logs every IPv4 frame the kernel sends out of a tap to $RUN/taps.log.
mkfifo "$RUN/taps.in"
cat >"$RUN/taps.py" <<'EOF'
import fcntl, os, select, socket, struct, sys
def csum(b):
    if len(b) % 2: b += b'\0'
    s = sum(struct.unpack('!%dH' % (len(b) // 2), b))
    while s >> 16: s = (s >> 16) + (s & 0xffff)
    return ~s & 0xffff
def mac(m): return bytes.fromhex(m.replace(':', ''))
def frame(esrc, edst, src, dst, ttl, proto, a, b):
    s, d = socket.inet_aton(src), socket.inet_aton(dst)
    if proto == 'icmp':
        num, l4 = 1, struct.pack('!BBHHH', 8, 0, 0, int(a), 1) + bytes(range(56))
        l4 = l4[:2] + struct.pack('!H', csum(l4)) + l4[4:]
    else:
        if proto == 'tcp':
            num, l4 = 6, struct.pack('!HHIIBBHHH', int(a), int(b), 1, 0, 5 << 4, 0x02, 64240, 0, 0)
            at = 16
        else:
            num, l4 = 17, struct.pack('!HHHH', int(a), int(b), 8, 0)
            at = 6
        c = csum(s + d + struct.pack('!BBH', 0, num, len(l4)) + l4)
        l4 = l4[:at] + struct.pack('!H', c) + l4[at + 2:]
    ip = struct.pack('!BBHHHBBH4s4s', 0x45, 0, 20 + len(l4), 1, 0x4000, int(ttl), num, 0, s, d)
    ip = ip[:10] + struct.pack('!H', csum(ip)) + ip[12:]
    return mac(edst) + mac(esrc) + b'\x08\x00' + ip + l4
def show(name, f):
    if f[12:14] != b'\x08\x00': return
    ip = f[14:]; hl = (ip[0] & 15) * 4; p = ip[9]; l4 = ip[hl:]
    m = lambda b: ':'.join('%02x' % x for x in b)
    t = {1: 'icmp', 6: 'tcp', 17: 'udp'}.get(p, str(p))
    ports = ' id %d' % struct.unpack('!H', l4[4:6]) if p == 1 else ' %d > %d' % struct.unpack('!HH', l4[:4])
    print('%s sends: eth %s > %s, %s %s > %s ttl %d%s' % (name, m(f[6:12]), m(f[0:6]), t, socket.inet_ntoa(ip[12:16]), socket.inet_ntoa(ip[16:20]), ip[8], ports), flush=True)
taps = {}
for name in sys.argv[2:]:
    fd = os.open('/dev/net/tun', os.O_RDWR)
    fcntl.ioctl(fd, 0x400454ca, struct.pack('16sH', name.encode(), 0x0002 | 0x1000))  # TUNSETIFF, IFF_TAP|IFF_NO_PI
    taps[fd] = name
ctl = os.open(sys.argv[1], os.O_RDWR)
buf = b''
while True:
    for fd in select.select([ctl, *taps], [], [])[0]:
        if fd == ctl:
            buf += os.read(ctl, 4096)
            while b'\n' in buf:
                line, buf = buf.split(b'\n', 1)
                w = line.decode().split()
                os.write(next(k for k, v in taps.items() if v == w[0]), frame(*w[1:]))
        else:
            show(taps[fd], os.read(fd, 65536))
EOF
nx python3 "$RUN/taps.py" "$RUN/taps.in" eth0 ovn0 >>"$RUN/taps.log" 2>&1 &
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

# --- the default VPC in OVN (kube-ovn's controller: pkg/controller/init.go, node.go, subnet.go) -------
# MACs: ovn0's is the node's; the router ports and pods get kube-ovn's 00:00:00 style (ovn-default's
# and join's router ports are those of seed 002's kind cluster).
LRP_DEF=00:00:00:3f:6d:45 LRP_JOIN=00:00:00:47:24:2f LRP_NET1=00:00:00:5a:0b:01 NODE_MAC=00:00:00:93:93:4a
WEB_MAC=00:00:00:16:00:05 APP_MAC=00:00:00:0b:00:02
CH=2e3175b0-2129-4504-a333-0c4ac1f680d7
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
subnet net1 10.0.11.0/24 10.0.11.1 "$LRP_NET1"
nb lsp-add join node-kube-ovn-worker -- lsp-set-addresses node-kube-ovn-worker "$NODE_MAC 100.64.0.3" \
  -- set Logical_Switch_Port node-kube-ovn-worker external_ids:vendor=kube-ovn external_ids:ls=join external_ids:node=kube-ovn-worker
pod_port() { # <switch> <pod> <namespace> <mac> <ip>
  nb lsp-add "$1" "$2.$3" -- lsp-set-addresses "$2.$3" "$4 $5" \
    -- set Logical_Switch_Port "$2.$3" external_ids:vendor=kube-ovn external_ids:ls="$1" external_ids:pod="$3/$2"
}
pod_port ovn-default web-0 default "$WEB_MAC" 10.16.0.5
pod_port net1 app-0 default "$APP_MAC" 10.0.11.2
# net1 has a distributed gateway: the node's pods of net1 in a port group (createPortGroupForDistributedSubnet);
# OVN derives the address set net1.kube.ovn.worker_ip4 from it
nb pg-add net1.kube.ovn.worker app-0.default -- set Port_Group net1.kube.ovn.worker external_ids:vendor=kube-ovn \
  external_ids:subnet=net1 external_ids:node=kube-ovn-worker
nb lr-route-add ovn-cluster 0.0.0.0/0 100.64.0.1
policy() { # <priority> <match> <action> <nexthop or ""> <external_ids...>
  local cols=(priority="$1" "match=\"$2\"" action="$3") ids=(external_ids:vendor=kube-ovn) kv
  [ -n "$4" ] && cols+=(nexthops="\"$4\"")
  for kv in "${@:5}"; do ids+=("external_ids:$kv"); done
  nb --id=@p create Logical_Router_Policy "${cols[@]}" "${ids[@]}" -- add Logical_Router ovn-cluster policies @p >/dev/null
}
policy 31000 'ip4.dst == 10.16.0.0/16' allow '' subnet=ovn-default
policy 31000 'ip4.dst == 100.64.0.0/16' allow '' subnet=join
policy 31000 'ip4.dst == 10.0.11.0/24' allow '' subnet=net1
policy 30000 'ip4.dst == 192.168.0.101' reroute 100.64.0.3 node=kube-ovn-worker address-family=4
# ovn-default: centralized gateway kube-ovn-worker (addPolicyRouteForCentralizedSubnet)
policy 29000 'ip4.src == 10.16.0.0/16' reroute 100.64.0.3 subnet=ovn-default
# net1: distributed gateway (addPolicyRouteForDistributedSubnet, one per node)
policy 29000 'ip4.src == $net1.kube.ovn.worker_ip4' reroute 100.64.0.3 subnet=net1 node=kube-ovn-worker
ovn-northd --no-chdir --log-file="$RUN/northd.log" --unixctl="$RUN/northd.ctl" --ovnnb-db="$OVN_NB_DB" --ovnsb-db="$OVN_SB_DB" \
  >"$RUN/northd.out" 2>&1 &
NORTHDPID=$!
for _ in $(seq 200); do [ -S "$RUN/northd.ctl" ] && break; sleep 0.02; done
nb --wait=sb --timeout=30 sync
ovn-sbctl chassis-add "$CH" geneve 192.168.0.101 -- set Chassis "$CH" hostname=kube-ovn-worker
for p in node-kube-ovn-worker web-0.default app-0.default; do ovn-sbctl lsp-bind "$p" "$CH"; done
nb --wait=sb --timeout=30 sync

O=$HERE/ovn
rm -rf "$O"
mkdir -p "$O"
ovsdb-client -f json dump "$OVN_NB_DB" OVN_Northbound >"$O/nb.json"
nb show >"$O/nbctl-show.txt"
ovn-sbctl show >"$O/sbctl-show.txt"
ovn-sbctl list MAC_Binding >"$O/sb-MAC_Binding.txt"
cat "$O/nbctl-show.txt" "$O/sbctl-show.txt"

# --- each OVN crossing with ovn-trace, and what the node's kernel does with the frame OVN outputs ----
# After the capture, so that no neighbour, conntrack entry or counter of it is in the snapshot. The
# upstream gateway 192.168.0.1 gets a permanent neighbour entry, and 100.64.0.1 the join router port's MAC.
nx ip neigh replace 192.168.0.1 lladdr 52:54:00:6d:2a:01 nud permanent dev eth0
nx ip neigh replace 100.64.0.1 lladdr "$LRP_JOIN" nud permanent dev ovn0
kernel_reset() { local t; for t in mangle nat filter; do nx iptables -t "$t" -Z; done; nx conntrack -F 2>/dev/null || true; : >"$RUN/taps.log"; }
kernel_show() { sleep 0.5; cat "$RUN/taps.log"; echo "rules that counted it:"; nx iptables-save -c | grep -E '^\*|^\[[1-9]' || true
  nx conntrack -L 2>/dev/null || true; }
kernel() { kernel_reset; echo "$*" >"$RUN/taps.in"; kernel_show; }
tr_pod() { # <title> <switch> <port> <mac> <router port mac> <ovn-trace match tail> <kernel: src dst proto a b>
  echo "--- ovn-trace: $1"
  ovn-trace --detailed "$2" "inport == \"$3\" && eth.src == $4 && eth.dst == $5 && ip.ttl == 64 && $6"
  echo "--- kernel: the frame OVN outputs to node-kube-ovn-worker (eth.src $LRP_JOIN, ttl 63) written into ovn0"
  local a=($7)
  kernel ovn0 "$LRP_JOIN" "$NODE_MAC" "${a[0]}" "${a[1]}" 63 "${a[2]}" "${a[3]}" "${a[4]}"
}
tr_pod 'web-0 (ovn-default, centralized) to 1.1.1.1:443, a SYN' ovn-default web-0.default "$WEB_MAC" "$LRP_DEF" \
  'ip4.src == 10.16.0.5 && ip4.dst == 1.1.1.1 && tcp.src == 40000 && tcp.dst == 443 && tcp.flags == 0x2' '10.16.0.5 1.1.1.1 tcp 40000 443'
tr_pod 'app-0 (net1, distributed, NAT policy) to 8.8.8.8:53/udp' net1 app-0.default "$APP_MAC" "$LRP_NET1" \
  'ip4.src == 10.0.11.2 && ip4.dst == 8.8.8.8 && udp.src == 40000 && udp.dst == 53' '10.0.11.2 8.8.8.8 udp 40000 53'
echo "--- kernel: a net1 address outside the policy's sources (10.0.11.5) arriving on ovn0"
kernel ovn0 "$LRP_JOIN" "$NODE_MAC" 10.0.11.5 8.8.8.8 63 udp 40000 53
echo "--- ovn-trace: the same source sent from app-0's port (not in net1.kube.ovn.worker_ip4: no 29000 reroute)"
ovn-trace --detailed net1 "inport == \"app-0.default\" && eth.src == $APP_MAC && eth.dst == $LRP_NET1 && ip4.src == 10.0.11.5 && ip4.dst == 8.8.8.8 && ip.ttl == 64 && udp.src == 40000 && udp.dst == 53"
tr_pod 'web-0 to the Service IP 10.96.0.10:53/udp (no load balancer in this VPC)' ovn-default web-0.default "$WEB_MAC" "$LRP_DEF" \
  'ip4.src == 10.16.0.5 && ip4.dst == 10.96.0.10 && udp.src == 40000 && udp.dst == 53' '10.16.0.5 10.96.0.10 udp 40000 53'
echo "--- kernel: the node pings web-0 (10.16.0.5 via 100.64.0.1 dev ovn0)"
kernel_reset
nx ping -c 1 -W 1 10.16.0.5 >/dev/null || true
kernel_show
echo "--- ovn-trace: that echo request entering OVN at node-kube-ovn-worker"
ovn-trace --detailed join "inport == \"node-kube-ovn-worker\" && eth.src == $NODE_MAC && eth.dst == $LRP_JOIN && ip4.src == 100.64.0.3 && ip4.dst == 10.16.0.5 && ip.ttl == 64 && icmp4.type == 8 && icmp4.code == 0"
