#!/bin/bash
# Forwarding switched off: with net.ipv4.ip_forward=0 (or only the arrival interface's
# conf.<if>.forwarding=0, which is what the kernel checks), the input route lookup turns a
# forwardable packet into an error route that drops it silently (IpInAddrErrors); FORWARD is
# never reached. Packets for the host's own addresses, on any of its interfaces, are delivered.
. "$(dirname "$0")/../lib.sh"
line3
nx gw sysctl -qw net.ipv4.ip_forward=0
rules gw <<'RULES'
*filter
:INPUT ACCEPT [0:0]
:FORWARD ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
-A INPUT -p udp -j ACCEPT
-A FORWARD -p udp -j ACCEPT
COMMIT
RULES

case_begin not-forwarding --from cl --src 10.1.0.2 --dst 10.2.0.2 -p udp --sport 41601 --dport 53
send cl tx udp --src 10.1.0.2 --sport 41601 --dst 10.2.0.2 --dport 53
outcome dropped gw NOT_FORWARDING IpInAddrErrors '!IpForwDatagrams'
case_end

case_begin local-other-iface --snapshot not-forwarding --from cl --src 10.1.0.2 --dst 10.2.0.1 -p udp --sport 41602 --dport 53
listen gw got udp --port 53
send cl tx udp --src 10.1.0.2 --sport 41602 --dst 10.2.0.1 --dport 53
outcome delivered gw got
case_end

nx gw sysctl -qw net.ipv4.ip_forward=1 net.ipv4.conf.eth0.forwarding=0
case_begin iface-not-forwarding --from cl --src 10.1.0.2 --dst 10.2.0.2 -p udp --sport 41603 --dport 53
send cl tx udp --src 10.1.0.2 --sport 41603 --dst 10.2.0.2 --dport 53
outcome dropped gw NOT_FORWARDING IpInAddrErrors '!IpForwDatagrams'
case_end

# eth1 still forwards: srv's packet goes out eth0 (the output interface's setting does not matter)
case_begin other-iface-forwards --snapshot iface-not-forwarding --from srv --src 10.2.0.2 --dst 10.1.0.2 -p udp --sport 41604 --dport 53
listen cl got udp --port 53
send srv tx udp --src 10.2.0.2 --sport 41604 --dst 10.1.0.2 --dport 53
outcome delivered cl got
case_end
scenario_end
