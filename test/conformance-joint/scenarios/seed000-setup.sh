# Seed 000 as the cluster wires it (sourced by 01-* and 03-*): the VM pod and the VPC NAT gateway's
# eth0 are ports of the OVN switch subnet-skwgfk6s, the VPC router vpc-iwm2hkn4 (13.13.0.254) routes
# 0.0.0.0/0 to the gateway's lanIp 13.13.0.253; the gateway's net1 reaches the external gateway.
#
#   vm eth0 13.13.0.4 ---+  [ovn] br0 00:00:00:b6:3d:0e 13.13.0.254            gw net1 192.169.100.3/24 + .2 --- eth0 ext 192.169.100.1
#   gw eth0 13.13.0.253 -+  (stand-in for subnet-skwgfk6s + vpc-iwm2hkn4: default via 13.13.0.253)
#
# The stand-in is a bridge with the router port's MAC and address that forwards back out of itself,
# as the router does (TTL - 1, source MAC the router port's, destination MAC the gateway's).
# shellcheck shell=bash
LRP_MAC=00:00:00:b6:3d:0e VM_MAC=00:00:00:e2:57:1c GW_MAC=aa:cc:17:e5:61:ca
VM_PORT=vm-13-13-0-4.default GW_PORT=vpc-nat-gw-eip-p7cs4r5y-0.kube-system

mkns vm pod
mkns gw gateway
mkns ext external
mkns ovn outside
nx ovn sysctl -qw net.ipv4.ip_forward=1 net.ipv4.conf.all.send_redirects=0 net.ipv4.conf.default.send_redirects=0
nx ovn ip link add br0 address "$LRP_MAC" type bridge
nx ovn ip link set br0 up
veth vm eth0 ovn pvm
veth gw eth0 ovn pgw
nx ovn ip link set pvm master br0
nx ovn ip link set pgw master br0
addr ovn br0 13.13.0.254/24
nx ovn ip route add default via 13.13.0.253 dev br0
nx vm ip link set eth0 address "$VM_MAC"
nx gw ip link set eth0 address "$GW_MAC"
addr vm eth0 13.13.0.4/24
nx vm ip route add default via 13.13.0.254
veth gw net1 ext eth0
addr gw eth0 13.13.0.253/24
addr gw net1 192.169.100.3/24 192.169.100.2/24
addr ext eth0 192.169.100.1/24
nx gw ip route add default via 192.169.100.1
forwarding gw
# the gateway's nat chains before the binding; the FORWARD state rule switches conntrack on (see
# test/conformance/scenarios/01-seed000-stale-conntrack.sh)
rules gw <<'RULES'
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
*filter
:INPUT ACCEPT [0:0]
:FORWARD ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
-A FORWARD -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT
COMMIT
RULES
bind_eip() {
  nx gw iptables -t nat -A EXCLUSIVE_DNAT -d 192.169.100.2/32 -j DNAT --to-destination 13.13.0.4
  nx gw iptables -t nat -A EXCLUSIVE_SNAT -s 13.13.0.4/32 -j SNAT --to-source 192.169.100.2
}

# The VPC in OVN, as kube-ovn writes it (examples/000-vpc-nat-gw-eip/capture.sh builds the same rows).
ovn_start
ko_router vpc-iwm2hkn4
ko_subnet subnet-skwgfk6s vpc-iwm2hkn4 13.13.0.0/24 13.13.0.254 "$LRP_MAC"
ko_pod subnet-skwgfk6s vm-13-13-0-4 default "$VM_MAC" 13.13.0.4
ko_pod subnet-skwgfk6s vpc-nat-gw-eip-p7cs4r5y-0 kube-system "$GW_MAC" 13.13.0.253
nb --policy=dst-ip lr-route-add vpc-iwm2hkn4 0.0.0.0/0 13.13.0.253
ko_policy vpc-iwm2hkn4 31000 'ip4.dst == 13.13.0.0/24' allow '' subnet=subnet-skwgfk6s
ovn_settle
ovn_port "$VM_PORT" vm:eth0
ovn_port "$GW_PORT" gw:eth0

# icmp_flow <inport> <eth.src> <eth.dst> <src> <dst> <ttl> <icmp type>
icmp_flow() { printf 'inport == "%s" && eth.src == %s && eth.dst == %s && ip4.src == %s && ip4.dst == %s && ip.ttl == %s && icmp4.type == %s && icmp4.code == 0' "$@"; }
