#!/bin/bash
# A reset whose sender masquerades everything it sends: srv REJECTs tcp/8080 with tcp-reset and
# has `-A POSTROUTING -o eth0 -j MASQUERADE`; the client connects to srv's secondary address
# 10.1.0.3, while MASQUERADE would pick the primary 10.1.0.1. What the kernel taught:
# - The reset walks nat POSTROUTING (its connection, stopped in INPUT, has no source binding yet)
#   and the MASQUERADE rule matches it (ACCEPT in the trace): the rule binds the connection's
#   original direction, which the reset does not travel, so nf_nat_packet leaves the reset as it
#   is: it still comes from 10.1.0.3:8080 and the client's connect is refused.
# - An ICMP error from the same host does not walk the nat table at all.
. "$(dirname "$0")/../lib.sh"
mkns cl pod
mkns srv node
veth cl eth0 srv eth0
addr cl eth0 10.1.0.2/24
addr srv eth0 10.1.0.1/24 10.1.0.3/24
rules srv <<'RULES'
*nat
:PREROUTING ACCEPT [0:0]
:INPUT ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
:POSTROUTING ACCEPT [0:0]
-A POSTROUTING -o eth0 -j MASQUERADE
COMMIT
*filter
:INPUT ACCEPT [0:0]
:FORWARD ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
-A INPUT -p tcp -m tcp --dport 8080 -j REJECT --reject-with tcp-reset
-A INPUT -p udp -m udp --dport 5353 -j REJECT --reject-with icmp-port-unreachable
COMMIT
RULES

TRACE_REP="tcp dport 46601 tcp flags & rst == rst" case_begin reset --from cl --src 10.1.0.2 --dst 10.1.0.3 -p tcp --sport 46601 --dport 8080 --round-trip
sniff cl rst eth0 --inbound --proto tcp --port 46601
send cl conn tcp --src 10.1.0.2 --sport 46601 --dst 10.1.0.3 --dport 8080
[ "$(result conn .errno)" = 111 ] || die "expected ECONNREFUSED (RST), got $(result conn .)"
outcome rejected srv '!IcmpOutDestUnreachs'
outcome --reply delivered cl rst
case_end

TRACE_REP="icmp type { destination-unreachable, time-exceeded }" case_begin port-unreachable --snapshot reset --from cl --src 10.1.0.2 --dst 10.1.0.3 -p udp --sport 46602 --dport 5353 --round-trip
sniff cl err eth0 --inbound --icmp-error
send cl tx udp --src 10.1.0.2 --sport 46602 --dst 10.1.0.3 --dport 5353 --connect --wait 0.5
[ "$(result tx .errno)" = 111 ] || die "expected ECONNREFUSED from the port unreachable, got $(result tx .)"
outcome rejected srv IcmpOutDestUnreachs
outcome --reply delivered cl err
case_end
scenario_end
