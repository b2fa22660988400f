#!/usr/bin/env bash
# Rebuilds the flannel node of seed 003 in network namespaces and captures every file of the
# snapshot. Run as root; the namespaces (hpex-003-*) are deleted on exit.
#
#   pod-a eth0 10.244.0.2 -- veth3a1f0c2e --+
#                                           cni0 10.244.0.1/24 [node-1] eth0 192.168.56.11/24 -- (uplink, not captured)
#   pod-b eth0 10.244.0.3 -- veth9b7d4e10 --+
#
# node-1 carries kube-proxy's iptables-mode rules for the ClusterIP Service default/web
# (10.96.0.10:80 -> 10.244.0.3:8080). BRNF sets net.bridge.bridge-nf-call-iptables in node-1
# (0 = the incident, the default here; 1 = the fix); OUT is the snapshot folder to write.
# Before capturing, pod-a connects to the Service once, so that the bridge has learnt both pod MACs
# and the counters show the request; the result of that connection is printed.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
BRNF=${BRNF:-0}
OUT=${OUT:-$HERE}
PFX=hpex-003
NSLIST=()
BGPIDS=()

cleanup() {
  local p n
  for p in "${BGPIDS[@]:-}"; do [ -n "$p" ] && kill "$p" 2>/dev/null || true; done
  for n in "${NSLIST[@]:-}"; do [ -n "$n" ] && ip netns del "$n" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap cleanup EXIT

mkns() { ip netns add "$PFX-$1"; NSLIST+=("$PFX-$1"); ip -n "$PFX-$1" link set lo up; }
nx() { local n=$1; shift; ip netns exec "$PFX-$n" "$@"; }
cap() { local n=$1; shift; ip netns exec "$PFX-$n" sh -c 'mount -t tmpfs tmpfs /run/netns && exec "$@"' sh "$@"; }

mkns node-1; mkns pod-a; mkns pod-b; mkns up

nx node-1 sysctl -qw net.ipv4.conf.all.rp_filter=2 net.ipv4.conf.default.rp_filter=2
nx node-1 sysctl -qw net.ipv4.ip_forward=1
nx node-1 sysctl -qw net.bridge.bridge-nf-call-iptables="$BRNF"

# node uplink (its peer namespace is not part of the snapshot)
ip -n "$PFX-node-1" link add eth0 address 52:54:00:c8:1e:4a type veth peer name up0 netns "$PFX-up"
nx up ip link set up0 up
nx up ip addr add 192.168.56.1/24 dev up0
nx node-1 ip link set eth0 up
nx node-1 ip addr add 192.168.56.11/24 brd 192.168.56.255 dev eth0
nx node-1 ip route add default via 192.168.56.1 dev eth0

# cni0 and the pods, as the bridge CNI plugin sets them up for flannel
nx node-1 ip link add cni0 address ce:4b:9a:5e:21:07 mtu 1450 type bridge
nx node-1 ip addr add 10.244.0.1/24 brd 10.244.0.255 dev cni0
nx node-1 ip link set cni0 up
pod() { # <pod> <host veth> <host veth mac> <pod mac> <ip>
  ip -n "$PFX-node-1" link add "$2" mtu 1450 address "$3" type veth peer name eth0 mtu 1450 address "$4" netns "$PFX-$1"
  nx node-1 ip link set "$2" master cni0
  nx node-1 ip link set "$2" up
  nx "$1" ip link set eth0 up
  nx "$1" ip addr add "$5/24" brd 10.244.0.255 dev eth0
  nx "$1" ip route add 10.244.0.0/16 via 10.244.0.1 dev eth0
  nx "$1" ip route add default via 10.244.0.1 dev eth0
}
pod pod-a veth3a1f0c2e 8e:a1:5f:23:7b:c4 0a:58:0a:f4:00:02 10.244.0.2
pod pod-b veth9b7d4e10 3a:0e:77:d2:91:5b 0a:58:0a:f4:00:03 10.244.0.3

# kube-proxy (iptables mode) for one ClusterIP Service: default/web port "http" 80/TCP, one endpoint
# 10.244.0.3:8080. Chain names are kube-proxy's hashes of "default/web:http" + "tcp" (+ endpoint).
nx node-1 iptables-restore <<'EOF'
*mangle
:PREROUTING ACCEPT [0:0]
:INPUT ACCEPT [0:0]
:FORWARD ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
:POSTROUTING ACCEPT [0:0]
:KUBE-IPTABLES-HINT - [0:0]
:KUBE-KUBELET-CANARY - [0:0]
:KUBE-PROXY-CANARY - [0:0]
COMMIT
*filter
:INPUT ACCEPT [0:0]
:FORWARD ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
:KUBE-EXTERNAL-SERVICES - [0:0]
:KUBE-FIREWALL - [0:0]
:KUBE-FORWARD - [0:0]
:KUBE-KUBELET-CANARY - [0:0]
:KUBE-NODEPORTS - [0:0]
:KUBE-PROXY-CANARY - [0:0]
:KUBE-PROXY-FIREWALL - [0:0]
:KUBE-SERVICES - [0:0]
-A INPUT -m conntrack --ctstate NEW -m comment --comment "kubernetes load balancer firewall" -j KUBE-PROXY-FIREWALL
-A INPUT -m comment --comment "kubernetes health check service ports" -j KUBE-NODEPORTS
-A INPUT -m conntrack --ctstate NEW -m comment --comment "kubernetes externally-visible service portals" -j KUBE-EXTERNAL-SERVICES
-A INPUT -j KUBE-FIREWALL
-A FORWARD -m conntrack --ctstate NEW -m comment --comment "kubernetes load balancer firewall" -j KUBE-PROXY-FIREWALL
-A FORWARD -m comment --comment "kubernetes forwarding rules" -j KUBE-FORWARD
-A FORWARD -m conntrack --ctstate NEW -m comment --comment "kubernetes service portals" -j KUBE-SERVICES
-A FORWARD -m conntrack --ctstate NEW -m comment --comment "kubernetes externally-visible service portals" -j KUBE-EXTERNAL-SERVICES
-A OUTPUT -m conntrack --ctstate NEW -m comment --comment "kubernetes load balancer firewall" -j KUBE-PROXY-FIREWALL
-A OUTPUT -m conntrack --ctstate NEW -m comment --comment "kubernetes service portals" -j KUBE-SERVICES
-A OUTPUT -j KUBE-FIREWALL
-A KUBE-FIREWALL ! -s 127.0.0.0/8 -d 127.0.0.0/8 -m comment --comment "block incoming localnet connections" -m conntrack ! --ctstate RELATED,ESTABLISHED,DNAT -j DROP
-A KUBE-FORWARD -m conntrack --ctstate INVALID -j DROP
-A KUBE-FORWARD -m comment --comment "kubernetes forwarding rules" -m mark --mark 0x4000/0x4000 -j ACCEPT
-A KUBE-FORWARD -m comment --comment "kubernetes forwarding conntrack rule" -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT
COMMIT
*nat
:PREROUTING ACCEPT [0:0]
:INPUT ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
:POSTROUTING ACCEPT [0:0]
:KUBE-KUBELET-CANARY - [0:0]
:KUBE-MARK-MASQ - [0:0]
:KUBE-NODEPORTS - [0:0]
:KUBE-POSTROUTING - [0:0]
:KUBE-PROXY-CANARY - [0:0]
:KUBE-SEP-TCD3IFXQZW3ZEZQU - [0:0]
:KUBE-SERVICES - [0:0]
:KUBE-SVC-CDGGSHYLG3RE2FKL - [0:0]
-A PREROUTING -m comment --comment "kubernetes service portals" -j KUBE-SERVICES
-A OUTPUT -m comment --comment "kubernetes service portals" -j KUBE-SERVICES
-A POSTROUTING -m comment --comment "kubernetes postrouting rules" -j KUBE-POSTROUTING
-A KUBE-MARK-MASQ -j MARK --or-mark 0x4000
-A KUBE-POSTROUTING -m mark ! --mark 0x4000/0x4000 -j RETURN
-A KUBE-POSTROUTING -j MARK --xor-mark 0x4000
-A KUBE-POSTROUTING -m comment --comment "kubernetes service traffic requiring SNAT" -j MASQUERADE --random-fully
-A KUBE-SEP-TCD3IFXQZW3ZEZQU -s 10.244.0.3/32 -m comment --comment "default/web:http" -j KUBE-MARK-MASQ
-A KUBE-SEP-TCD3IFXQZW3ZEZQU -p tcp -m comment --comment "default/web:http" -m tcp -j DNAT --to-destination 10.244.0.3:8080
-A KUBE-SERVICES -d 10.96.0.10/32 -p tcp -m comment --comment "default/web:http cluster IP" -m tcp --dport 80 -j KUBE-SVC-CDGGSHYLG3RE2FKL
-A KUBE-SERVICES -m comment --comment "kubernetes service nodeports; NOTE: this must be the last rule in this chain" -m addrtype --dst-type LOCAL -j KUBE-NODEPORTS
-A KUBE-SVC-CDGGSHYLG3RE2FKL ! -s 10.244.0.0/16 -d 10.96.0.10/32 -p tcp -m comment --comment "default/web:http cluster IP" -m tcp --dport 80 -j KUBE-MARK-MASQ
-A KUBE-SVC-CDGGSHYLG3RE2FKL -m comment --comment "default/web:http -> 10.244.0.3:8080" -j KUBE-SEP-TCD3IFXQZW3ZEZQU
COMMIT
EOF

# the backend: a TCP listener on 10.244.0.3:8080 in pod-b
nx pod-b sh -c 'exec nc -lk -s 10.244.0.3 -p 8080 >/dev/null 2>&1' &
BGPIDS+=("$!")
sleep 2   # listener, IPv6 link-local addresses, bridge ports forwarding

echo "--- bridge-nf-call-iptables=$BRNF: pod-a -> 10.96.0.10:80"
if nx pod-a nc -z -v -w 3 10.96.0.10 80; then echo "connected"; else echo "no connection (rc=$?)"; fi
sleep 0.5

H=$OUT/hosts
mkdir -p "$H/node-1" "$H/pod-a" "$H/pod-b"
cap node-1 ip -j -d addr show >"$H/node-1/ip-addr.json"
cap node-1 ip -j -d link show >"$H/node-1/ip-link.json"
cap node-1 ip -j route show table all >"$H/node-1/ip-route.json"
cap node-1 ip -j rule show >"$H/node-1/ip-rule.json"
cap node-1 bridge -j fdb show >"$H/node-1/bridge-fdb.json"
nx node-1 iptables-save -c >"$H/node-1/iptables-save.txt"
nx node-1 sysctl -a 2>/dev/null | grep -E '^net\.(ipv4|bridge)\.' >"$H/node-1/sysctl.txt"
for p in pod-a pod-b; do
  cap "$p" ip -j -d addr show >"$H/$p/ip-addr.json"
  cap "$p" ip -j route show table all >"$H/$p/ip-route.json"
  cap "$p" ip -j rule show >"$H/$p/ip-rule.json"
done
echo "--- node-1 conntrack"
nx node-1 conntrack -L 2>/dev/null || true
grep -E 'bridge-nf-call-iptables|ip_forward ' "$H/node-1/sysctl.txt"
