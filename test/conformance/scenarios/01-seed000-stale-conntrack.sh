#!/bin/bash
# Seed 000 (port of oracle s1): a running ping keeps its un-NATed conntrack entry after the EIP's
# DNAT/SNAT rules are added; a new ping is SNATed; inbound traffic to the EIP is DNATed.
#
#   cl 13.13.0.4/24 eth0 --- int0 [gw] ext0 192.169.100.3/24 + 192.169.100.2/24 (secondary) --- eth0 peer 192.169.100.1/24
#
# gw carries the VPC NAT gateway's nat chains (DNAT_FILTER -> EXCLUSIVE_DNAT/SHARED_DNAT, ...) and a
# stateful FORWARD rule, so conntrack runs in gw before the ping starts (fact 3: empty nat chains
# alone do not switch it on). peer has no route back to 13.13.0.0/24.
. "$(dirname "$0")/../lib.sh"

mkns cl pod
mkns gw gateway
mkns peer external
veth cl eth0 gw int0
veth gw ext0 peer eth0
addr cl eth0 13.13.0.4/24
nx cl ip route add default via 13.13.0.253
addr gw int0 13.13.0.253/24
addr gw ext0 192.169.100.3/24 192.169.100.2/24
addr peer eth0 192.169.100.1/24
forwarding gw
nx gw iptables-restore <<'RULES' || die "iptables-restore"
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

# The running ping, before the floating IP is bound: its first echo request walks the (empty) nat
# chains and gets a null binding; the entry stays [UNREPLIED] because peer cannot answer.
bg nx cl ping -i 0.2 -e 27281 192.169.100.1 >/dev/null 2>&1
sleep 0.7
nx gw iptables -t nat -A EXCLUSIVE_DNAT -d 192.169.100.2/32 -j DNAT --to-destination 13.13.0.4
nx gw iptables -t nat -A EXCLUSIVE_SNAT -s 13.13.0.4/32 -j SNAT --to-source 192.169.100.2
sleep 0.3

# Its later echo requests are not "new" to the nat table (fact 2): no nat step in the trace, the
# source stays 13.13.0.4; the FORWARD rule does not match either (an unreplied entry is NEW).
case_begin old-ping --from cl --src 13.13.0.4 --dst 192.169.100.1 -p icmp --icmp-id 27281 --round-trip
listen peer old icmp --id 27281
sleep 0.5
outcome delivered peer old
# peer's echo reply to 13.13.0.4 has no route: icmp_reply()'s output route lookup fails before
# the OUTPUT hook, so there is no trace line, and no counter says so either (IpOutNoRoutes stays
# 0): the evidence is echo requests received (IcmpInEchos) and no echo reply sent.
outcome --reply dropped peer NO_ROUTE IcmpInEchos '!IcmpOutEchoReps'
case_end
kill "${BGPIDS[0]}" 2>/dev/null

case_begin new-ping --snapshot old-ping --from cl --src 13.13.0.4 --dst 192.169.100.1 -p icmp --icmp-id 4242 --round-trip
listen peer req icmp --id 4242
listen cl rep icmp --id 4242
nx cl ping -c 1 -W 1 -e 4242 192.169.100.1 >/dev/null || die "the new ping got no reply"
outcome delivered peer req
outcome --reply delivered cl rep
case_end

case_begin inbound-eip --snapshot old-ping --from peer --src 192.169.100.1 --dst 192.169.100.2 -p icmp --icmp-id 4343
listen cl req icmp --id 4343
nx peer ping -c 1 -W 1 -e 4343 192.169.100.2 >/dev/null || die "the inbound ping got no reply"
outcome delivered cl req
case_end
scenario_end
