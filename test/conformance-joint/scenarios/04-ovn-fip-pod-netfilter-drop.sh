#!/bin/bash
# A centralized FIP on a kube-ovn VPC router (dnat_and_snat 172.20.0.100 <-> 10.0.1.10): the
# upstream host pings the FIP on the external network, OVN enters at the localnet port, un-DNATs to
# the pod and outputs it on the pod's port; the pod's own netfilter drops ICMP from the upstream
# (filter INPUT). A second case to the pod from another source passes and is delivered.
#
#   out eth0 172.20.0.1 --- pe [ovn] pa --- eth0 app 10.0.1.10
#
# The stand-in [ovn] is vpc-f: pe has vpc-f-external's MAC with 172.20.0.10 and the FIP (a centralized
# FIP answers ARP with the router port's MAC), pa vpc-f-subnet-f's MAC with 10.0.1.1; it DNATs the FIP.
. "$(dirname "$0")/../lib.sh"
LRP_EXT=00:00:00:1a:ee:01 LRP_SUB=00:00:00:1a:01:01 APP_MAC=00:00:00:aa:00:10 UP_MAC=00:00:00:00:ee:01
mkns app pod
mkns out external
mkns ovn outside
veth out eth0 ovn pe
veth app eth0 ovn pa
nx out ip link set eth0 address "$UP_MAC"
nx app ip link set eth0 address "$APP_MAC"
nx ovn ip link set pe address "$LRP_EXT"
nx ovn ip link set pa address "$LRP_SUB"
addr out eth0 172.20.0.1/24 172.20.0.2/24
addr app eth0 10.0.1.10/24
nx app ip route add default via 10.0.1.1
addr ovn pe 172.20.0.10/24 172.20.0.100/24
addr ovn pa 10.0.1.1/24
nx ovn sysctl -qw net.ipv4.ip_forward=1
rules ovn <<'RULES'
*nat
:PREROUTING ACCEPT [0:0]
:INPUT ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
:POSTROUTING ACCEPT [0:0]
-A PREROUTING -d 172.20.0.100/32 -j DNAT --to-destination 10.0.1.10
COMMIT
RULES
rules app <<'RULES'
*filter
:INPUT ACCEPT [0:0]
:FORWARD ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
-A INPUT -s 172.20.0.1/32 -p icmp -j DROP
COMMIT
RULES

ovn_start
chassis chassis-node-a 172.18.0.2 node-a
ko_router vpc-f
ko_subnet subnet-f vpc-f 10.0.1.0/24 10.0.1.1 "$LRP_SUB"
ko_pod subnet-f app-0 ns1 "$APP_MAC" 10.0.1.10
ko_external external external localnet.external
ko_gateway vpc-f external "$LRP_EXT" 172.20.0.10/24 chassis-node-a
nb lr-route-add vpc-f 0.0.0.0/0 172.20.0.1
nb lr-nat-add vpc-f dnat_and_snat 172.20.0.100 10.0.1.10
bind app-0.ns1 chassis-node-a
mac_binding vpc-f vpc-f-external 172.20.0.1 "$UP_MAC"
ovn_settle
ovn_port app-0.ns1 app:eth0
ovn_localnet localnet.external external out:eth0

fip_flow() { # <src> <icmp id is not in the microflow>
  printf 'inport == "localnet.external" && eth.src == %s && eth.dst == %s && ip4.src == %s && ip4.dst == 172.20.0.100 && ip.ttl == 64 && icmp4.type == 8 && icmp4.code == 0' "$UP_MAC" "$LRP_EXT" "$1"
}

case_begin fip-dropped-by-pod --from out --src 172.20.0.1 --dst 172.20.0.100 -p icmp --icmp-id 6161
wire app req eth0 --proto icmp --id 6161
nx out ping -c 1 -W 1 -I 172.20.0.1 -e 6161 172.20.0.100 >/dev/null && die "the pod answered a ping its INPUT chain drops"
outcome dropped app RULE
crossing request out-to-pod external app:eth0 req "$(fip_flow 172.20.0.1)" "${CT_NEW[@]}"
case_end

case_begin fip-delivered --snapshot fip-dropped-by-pod --from out --src 172.20.0.2 --dst 172.20.0.100 -p icmp --icmp-id 6262
wire app req eth0 --proto icmp --id 6262
listen app req icmp --id 6262
nx out ping -c 1 -W 1 -I 172.20.0.2 -e 6262 172.20.0.100 >/dev/null || die "the FIP ping from 172.20.0.2 got no reply"
outcome delivered app req
crossing request out-to-pod external app:eth0 req "$(fip_flow 172.20.0.2)" "${CT_NEW[@]}"
case_end
scenario_end
