#!/bin/bash
# Errors and resets from a router behind a MASQUERADE, traced back to the client:
#   cl 10.1.0.2 --- 10.1.0.1 [gw] 10.2.0.1 --- 10.2.0.2 [r2] 10.3.0.1 --- 10.3.0.2 srv
# gw masquerades out eth1 (the client becomes 10.2.0.1); r2 REJECTs in FORWARD and has a prohibit
# route to 10.3.9.0/24. What the kernel taught:
# - r2's ICMP errors (REJECT in FORWARD, the prohibit route's ip_error) leave from 10.2.0.2, the
#   address its route back to 10.2.0.1 chooses (icmp_send: the request was not for r2, saddr 0),
#   quoting the request as r2 saw it (from 10.2.0.1). RELATED on r2 (attached to the request's
#   connection) and on gw (found by the quoted header).
# - gw undoes the MASQUERADE in PREROUTING (nf_nat_icmp_reply_translation at the DST manip): the
#   outer destination and the quoted source go back to 10.1.0.2 and the client's port; the outer
#   source stays r2's 10.2.0.2.
# - r2's reset comes from the request's destination 10.3.0.2:80 and is de-SNATed at gw like a reply.
# - The client's connected UDP socket gets ECONNREFUSED for port unreachable and EHOSTUNREACH for
#   communication administratively prohibited (3/13).
. "$(dirname "$0")/../lib.sh"
mkns cl pod
mkns gw node
mkns r2 node
mkns srv pod
veth cl eth0 gw eth0
veth gw eth1 r2 eth0
veth r2 eth1 srv eth0
addr cl eth0 10.1.0.2/24
addr gw eth0 10.1.0.1/24
addr gw eth1 10.2.0.1/24
addr r2 eth0 10.2.0.2/24
addr r2 eth1 10.3.0.1/24
addr srv eth0 10.3.0.2/24
nx cl ip route add default via 10.1.0.1
nx gw ip route add 10.3.0.0/16 via 10.2.0.2
nx r2 ip route add default via 10.2.0.1
nx r2 ip route add prohibit 10.3.9.0/24
nx srv ip route add default via 10.3.0.1
forwarding gw r2
rules gw <<'RULES'
*nat
:PREROUTING ACCEPT [0:0]
:INPUT ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
:POSTROUTING ACCEPT [0:0]
-A POSTROUTING -o eth1 -j MASQUERADE
COMMIT
*filter
:INPUT ACCEPT [0:0]
:FORWARD DROP [0:0]
:OUTPUT ACCEPT [0:0]
-A FORWARD -m conntrack --ctstate NEW -j ACCEPT
-A FORWARD -m conntrack --ctstate ESTABLISHED -j ACCEPT
-A FORWARD -m conntrack --ctstate RELATED -j ACCEPT
COMMIT
RULES
rules r2 <<'RULES'
*filter
:INPUT ACCEPT [0:0]
:FORWARD ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
-A FORWARD -p udp -m udp --dport 53 -j REJECT --reject-with icmp-port-unreachable
-A FORWARD -p tcp -m tcp --dport 80 -j REJECT --reject-with tcp-reset
-A OUTPUT -m conntrack --ctstate ESTABLISHED -j ACCEPT
-A OUTPUT -m conntrack --ctstate RELATED -j ACCEPT
COMMIT
RULES

ERRORS="icmp type { destination-unreachable, time-exceeded }"

TRACE_REP=$ERRORS case_begin reject-after-masquerade --from cl --src 10.1.0.2 --dst 10.3.0.2 -p udp --sport 46201 --dport 53 --round-trip
sniff cl err eth0 --inbound --icmp-error
send cl tx udp --src 10.1.0.2 --sport 46201 --dst 10.3.0.2 --dport 53 --connect --wait 0.5
[ "$(result tx .errno)" = 111 ] || die "expected ECONNREFUSED from the port unreachable, got $(result tx .)"
outcome rejected r2 IcmpOutDestUnreachs
outcome --reply delivered cl err
case_end

TRACE_REP="tcp dport 46202 tcp flags & rst == rst" case_begin reset-after-masquerade --snapshot reject-after-masquerade --from cl --src 10.1.0.2 --dst 10.3.0.2 -p tcp --sport 46202 --dport 80 --round-trip
sniff cl rst eth0 --inbound --proto tcp --port 46202
send cl conn tcp --src 10.1.0.2 --sport 46202 --dst 10.3.0.2 --dport 80
[ "$(result conn .errno)" = 111 ] || die "expected ECONNREFUSED (RST), got $(result conn .)"
outcome rejected r2 '!IcmpOutDestUnreachs'
outcome --reply delivered cl rst
case_end

TRACE_REP=$ERRORS case_begin prohibit-route-after-masquerade --snapshot reject-after-masquerade --from cl --src 10.1.0.2 --dst 10.3.9.5 -p udp --sport 46203 --dport 53 --round-trip
sniff cl err eth0 --inbound --icmp-error
send cl tx udp --src 10.1.0.2 --sport 46203 --dst 10.3.9.5 --dport 53 --connect --wait 0.5
[ "$(result tx .errno)" = 113 ] || die "expected EHOSTUNREACH from the prohibit route, got $(result tx .)"
outcome dropped r2 PROHIBIT IcmpOutDestUnreachs '!IpForwDatagrams'
outcome --reply delivered cl err
case_end
scenario_end
