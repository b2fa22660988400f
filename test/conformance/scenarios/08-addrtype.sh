#!/bin/bash
# -m addrtype: --src-type/--dst-type (UNICAST, LOCAL, BROADCAST, BLACKHOLE, `!`) and
# --limit-iface-in/--limit-iface-out, which look the address up only among the routes of the
# packet's interface: gw's 10.2.0.1 is LOCAL, but not LOCAL "on eth0".
. "$(dirname "$0")/../lib.sh"
line3
nx gw ip route add blackhole 10.2.0.99/32
rules gw <<'RULES'
*mangle
:PREROUTING ACCEPT [0:0]
:INPUT ACCEPT [0:0]
:FORWARD ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
:POSTROUTING ACCEPT [0:0]
:HIT - [0:0]
-A PREROUTING -m addrtype --dst-type BLACKHOLE -j HIT
-A PREROUTING -m addrtype --dst-type BROADCAST -j HIT
COMMIT
*filter
:INPUT ACCEPT [0:0]
:FORWARD ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
:HIT - [0:0]
-A INPUT -m addrtype --dst-type LOCAL -j HIT
-A INPUT -m addrtype --dst-type LOCAL --limit-iface-in -j HIT
-A INPUT -m addrtype --dst-type BROADCAST -j HIT
-A INPUT -m addrtype --src-type UNICAST -j HIT
-A INPUT -m addrtype --src-type LOCAL -j HIT
-A FORWARD -m addrtype --dst-type UNICAST -j HIT
-A FORWARD -m addrtype --dst-type LOCAL -j HIT
-A FORWARD -m addrtype ! --dst-type LOCAL -j HIT
-A FORWARD -m addrtype --src-type UNICAST --dst-type UNICAST -j HIT
-A OUTPUT -m addrtype --src-type LOCAL -j HIT
-A OUTPUT -m addrtype --src-type LOCAL --limit-iface-out -j HIT
-A OUTPUT -m addrtype --dst-type LOCAL -j HIT
-A OUTPUT -m addrtype ! --dst-type UNICAST -j HIT
COMMIT
RULES

case_begin forward --from cl --src 10.1.0.2 --dst 10.2.0.2 -p tcp --sport 40001 --dport 80
listen srv acc tcp --port 80
send cl conn tcp --src 10.1.0.2 --sport 40001 --dst 10.2.0.2 --dport 80
outcome delivered srv acc
case_end

case_begin local-other-iface --snapshot forward --from cl --src 10.1.0.2 --dst 10.2.0.1 -p icmp --icmp-id 801
listen gw echo icmp --id 801
nx cl ping -c 1 -W 1 -e 801 10.2.0.1 >/dev/null || die "ping"
outcome delivered gw echo
case_end

case_begin local-same-iface --snapshot forward --from cl --src 10.1.0.2 --dst 10.1.0.1 -p icmp --icmp-id 802
listen gw echo icmp --id 802
nx cl ping -c 1 -W 1 -e 802 10.1.0.1 >/dev/null || die "ping"
outcome delivered gw echo
case_end

# An echo request to the subnet broadcast is delivered (raw sockets see it) and, with
# icmp_echo_ignore_broadcasts=1, not answered.
case_begin broadcast --snapshot forward --from cl --src 10.1.0.2 --dst 10.1.0.255 -p icmp --icmp-id 803
listen gw echo icmp --id 803
nx cl ping -b -c 1 -W 1 -e 803 10.1.0.255 >/dev/null 2>&1
outcome delivered gw echo
case_end

case_begin output --snapshot forward --from gw --src 10.2.0.1 --dst 10.2.0.2 -p udp --sport 40004 --dport 53
listen srv got udp --port 53
send gw tx udp --src 10.2.0.1 --sport 40004 --dst 10.2.0.2 --dport 53
outcome delivered srv got
case_end

case_begin blackhole --snapshot forward --from cl --src 10.1.0.2 --dst 10.2.0.99 -p tcp --sport 40005 --dport 80
send cl conn tcp --src 10.1.0.2 --sport 40005 --dst 10.2.0.99 --dport 80 --timeout 0.3
outcome dropped gw BLACKHOLE IpInReceives '!IpForwDatagrams' '!IcmpOutDestUnreachs'
case_end
scenario_end
