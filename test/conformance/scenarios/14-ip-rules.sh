#!/bin/bash
# ip rule selectors and actions: priority order, from, to, not, iif (iif lo = locally generated),
# oif (only set for sockets bound to a device: never matches here), tos, fwmark, goto, lookup,
# blackhole, unreachable (ENETUNREACH: ICMP net unreachable), prohibit (EACCES: ICMP
# communication administratively prohibited).
#
#   cl 10.1.0.2-6/24 eth0 --- eth0 10.1.0.1/24 [gw] eth1 10.2.0.1/24 --- eth0 srv 10.2.0.2/24
#                                                  eth2 10.3.0.1/24 --- eth0 out2 10.3.0.2 (outside)
#                                                  eth3 10.4.0.1/24 --- eth0 out3 10.4.0.2 (outside)
#   gw: table 200 default via 10.3.0.2, table 300 default via 10.4.0.2, main has no default route
. "$(dirname "$0")/../lib.sh"
line3
mkns out2 outside
mkns out3 outside
veth gw eth2 out2 eth0
veth gw eth3 out3 eth0
addr cl eth0 10.1.0.3/24 10.1.0.4/24 10.1.0.5/24 10.1.0.6/24
addr gw eth2 10.3.0.1/24
addr gw eth3 10.4.0.1/24
addr out2 eth0 10.3.0.2/24
addr out3 eth0 10.4.0.2/24
nx gw ip route add default via 10.3.0.2 table 200
nx gw ip route add default via 10.4.0.2 table 300
nx gw ip rule add pref 40 oif eth2 lookup 300
nx gw ip rule add pref 50 from 10.1.0.3 goto 150
nx gw ip rule add pref 100 from 10.1.0.3 lookup 300
nx gw ip rule add pref 150 from 10.1.0.3 lookup 200
nx gw ip rule add pref 160 not from 10.1.0.0/24 lookup 300
nx gw ip rule add pref 170 iif eth0 to 192.0.2.0/24 lookup 200
nx gw ip rule add pref 175 iif lo to 198.51.100.0/24 lookup 300
nx gw ip rule add pref 190 tos 0x10 lookup 300
nx gw ip rule add pref 200 from 10.1.0.4 blackhole
nx gw ip rule add pref 210 from 10.1.0.5 unreachable
nx gw ip rule add pref 220 from 10.1.0.6 prohibit
nx gw ip rule add pref 230 fwmark 0x1 lookup 300

udp_case() { # <case> <from-ns> <src> <dst> <sport> [case_begin options]
  case_begin "$1" "${@:6}" --from "$2" --src "$3" --dst "$4" -p udp --sport "$5" --dport 53
}

udp_case goto cl 10.1.0.3 10.2.0.2 42001
sniff out2 seen eth0 --proto udp --port 42001
send cl tx udp --src 10.1.0.3 --sport 42001 --dst 10.2.0.2 --dport 53
outcome left gw eth2 seen
case_end

udp_case iif-to cl 10.1.0.2 192.0.2.9 42002 --snapshot goto
sniff out2 seen eth0 --proto udp --port 42002
send cl tx udp --src 10.1.0.2 --sport 42002 --dst 192.0.2.9 --dport 53
outcome left gw eth2 seen
case_end

udp_case not-from gw 10.2.0.1 192.0.2.10 42003 --snapshot goto
sniff out3 seen eth0 --proto udp --port 42003
send gw tx udp --src 10.2.0.1 --sport 42003 --dst 192.0.2.10 --dport 53
outcome left gw eth3 seen
case_end

udp_case iif-lo gw 10.1.0.1 198.51.100.7 42004 --snapshot goto
sniff out3 seen eth0 --proto udp --port 42004
send gw tx udp --src 10.1.0.1 --sport 42004 --dst 198.51.100.7 --dport 53
outcome left gw eth3 seen
case_end

udp_case main cl 10.1.0.2 10.2.0.2 42005 --snapshot goto
listen srv got udp --port 53
send cl tx udp --src 10.1.0.2 --sport 42005 --dst 10.2.0.2 --dport 53
outcome delivered srv got
case_end

udp_case rule-blackhole cl 10.1.0.4 10.2.0.2 42006 --snapshot goto
send cl tx udp --src 10.1.0.4 --sport 42006 --dst 10.2.0.2 --dport 53
outcome dropped gw BLACKHOLE IpInReceives '!IpForwDatagrams' '!IcmpOutDestUnreachs'
case_end

udp_case rule-unreachable cl 10.1.0.5 10.2.0.2 42007 --snapshot goto
send cl tx udp --src 10.1.0.5 --sport 42007 --dst 10.2.0.2 --dport 53
outcome dropped gw UNREACHABLE IcmpOutDestUnreachs IpExtInNoRoutes '!IpForwDatagrams'
case_end

udp_case rule-prohibit cl 10.1.0.6 10.2.0.2 42008 --snapshot goto
send cl tx udp --src 10.1.0.6 --sport 42008 --dst 10.2.0.2 --dport 53
outcome dropped gw PROHIBIT IcmpOutDestUnreachs '!IpForwDatagrams'
case_end
scenario_end
