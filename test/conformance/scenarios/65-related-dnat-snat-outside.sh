#!/bin/bash
# An error and a reset through a router that both DNATs and SNATs the connection, for a client
# outside the snapshot (the trace starts at gw:eth0 and its reply leaves there):
#   out 10.1.0.2 (not captured) --- 10.1.0.1 [gw] 10.2.0.1 --- 10.2.0.2 srv
# gw DNATs 10.9.9.9 to srv and SNATs to 10.2.0.1 out eth1; srv REJECTs. What the kernel taught:
# - srv's port unreachable (from 10.2.0.2 to 10.2.0.1) is un-NATed twice on gw:
#   nf_nat_icmp_reply_translation undoes the SNAT in PREROUTING (outer destination and quoted
#   source back to 10.1.0.2:46501) and the DNAT in POSTROUTING (outer source and quoted
#   destination to 10.9.9.9:53).
# - srv's reset (10.2.0.2:8080 -> 10.2.0.1) leaves gw as 10.9.9.9:80 -> 10.1.0.2:46502, like any
#   reply of that connection.
. "$(dirname "$0")/../lib.sh"
mkns out outside
mkns gw node
mkns srv pod
veth out eth0 gw eth0
veth gw eth1 srv eth0
addr out eth0 10.1.0.2/24
addr gw eth0 10.1.0.1/24
addr gw eth1 10.2.0.1/24
addr srv eth0 10.2.0.2/24
nx out ip route add default via 10.1.0.1
nx srv ip route add default via 10.2.0.1
forwarding gw
rules gw <<'RULES'
*nat
:PREROUTING ACCEPT [0:0]
:INPUT ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
:POSTROUTING ACCEPT [0:0]
-A PREROUTING -d 10.9.9.9/32 -p udp -m udp --dport 53 -j DNAT --to-destination 10.2.0.2:5353
-A PREROUTING -d 10.9.9.9/32 -p tcp -m tcp --dport 80 -j DNAT --to-destination 10.2.0.2:8080
-A POSTROUTING -o eth1 -j SNAT --to-source 10.2.0.1
COMMIT
*filter
:INPUT ACCEPT [0:0]
:FORWARD DROP [0:0]
:OUTPUT ACCEPT [0:0]
-A FORWARD -m conntrack --ctstate NEW -j ACCEPT
-A FORWARD -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT
COMMIT
RULES
rules srv <<'RULES'
*filter
:INPUT ACCEPT [0:0]
:FORWARD ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
-A INPUT -p udp -m udp --dport 5353 -j REJECT --reject-with icmp-port-unreachable
-A INPUT -p tcp -m tcp --dport 8080 -j REJECT --reject-with tcp-reset
COMMIT
RULES

TRACE_REP="icmp type { destination-unreachable, time-exceeded }" case_begin port-unreachable --from gw:eth0 --src 10.1.0.2 --dst 10.9.9.9 -p udp --sport 46501 --dport 53 --round-trip
sniff out err eth0 --inbound --icmp-error
send out tx udp --src 10.1.0.2 --sport 46501 --dst 10.9.9.9 --dport 53 --connect --wait 0.5
[ "$(result tx .errno)" = 111 ] || die "expected ECONNREFUSED from the port unreachable, got $(result tx .)"
outcome rejected srv IcmpOutDestUnreachs
outcome --reply left gw eth0 err
case_end

TRACE_REP="tcp dport 46502 tcp flags & rst == rst" case_begin tcp-reset --snapshot port-unreachable --from gw:eth0 --src 10.1.0.2 --dst 10.9.9.9 -p tcp --sport 46502 --dport 80 --round-trip
sniff out rst eth0 --inbound --proto tcp --port 46502
send out conn tcp --src 10.1.0.2 --sport 46502 --dst 10.9.9.9 --dport 80
[ "$(result conn .errno)" = 111 ] || die "expected ECONNREFUSED (RST), got $(result conn .)"
outcome rejected srv '!IcmpOutDestUnreachs'
outcome --reply left gw eth0 rst
case_end
scenario_end
