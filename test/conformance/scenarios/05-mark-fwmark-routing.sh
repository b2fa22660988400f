#!/bin/bash
# MARK (--set-mark, --set-xmark, --or-mark, --and-mark), the mark match (value/mask, `!`), ip rule
# fwmark/mask, and the re-route after mangle OUTPUT changes a local packet's mark.
#
#   cl 10.1.0.2/24 eth0 --- eth0 10.1.0.1/24 [h] eth1 10.3.0.1/24 --- eth0 up1 10.3.0.2 (outside)
#                                              eth2 10.4.0.1/24 --- eth0 up2 10.4.0.2 (outside)
#   h: main default via 10.3.0.2; table 100 default via 10.4.0.2;
#      rules: fwmark 0x10/0xf0 lookup 100; fwmark 0x20/0x20 lookup 100
#
# The OUTPUT re-route (ip_route_me_harder) keeps the source address chosen by the first lookup:
# the marked packet leaves eth2 with eth1's address.
. "$(dirname "$0")/../lib.sh"
mkns cl pod
mkns h node
mkns up1 outside
mkns up2 outside
veth cl eth0 h eth0
veth h eth1 up1 eth0
veth h eth2 up2 eth0
addr cl eth0 10.1.0.2/24
nx cl ip route add default via 10.1.0.1
addr h eth0 10.1.0.1/24
addr h eth1 10.3.0.1/24
addr h eth2 10.4.0.1/24
addr up1 eth0 10.3.0.2/24
addr up2 eth0 10.4.0.2/24
forwarding h
nx h ip route add default via 10.3.0.2
nx h ip route add default via 10.4.0.2 table 100
nx h ip rule add fwmark 0x10/0xf0 lookup 100 pref 100
nx h ip rule add fwmark 0x20/0x20 lookup 100 pref 110
rules h <<'RULES'
*mangle
:PREROUTING ACCEPT [0:0]
:INPUT ACCEPT [0:0]
:FORWARD ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
:POSTROUTING ACCEPT [0:0]
:HIT - [0:0]
-A PREROUTING -i eth0 -p tcp -m tcp --dport 443 -j MARK --set-mark 0x5
-A PREROUTING -i eth0 -p tcp -m tcp --dport 443 -j MARK --or-mark 0x2a
-A PREROUTING -i eth0 -p tcp -m tcp --dport 443 -j MARK --and-mark 0x2f
-A PREROUTING -m mark --mark 0x2f -j HIT
-A PREROUTING -m mark --mark 0x20/0x20 -j HIT
-A PREROUTING -m mark ! --mark 0x2f -j HIT
-A PREROUTING -m mark --mark 0x0 -j HIT
-A FORWARD -m mark --mark 0x2f/0xff -j HIT
-A OUTPUT -p tcp -m tcp --dport 80 -j MARK --set-xmark 0x10/0xf0
-A OUTPUT -m mark --mark 0x10/0xf0 -j HIT
-A OUTPUT -m mark --mark 0x7 -j HIT
-A POSTROUTING -m mark ! --mark 0x0 -j HIT
COMMIT
RULES

# a local TCP SYN, marked in mangle OUTPUT and re-routed to table 100
case_begin output-reroute --from h --src 10.3.0.1 --dst 192.0.2.80 -p tcp --sport 40010 --dport 80
sniff up2 syn eth0 --proto tcp --port 40010
send h conn tcp --dst 192.0.2.80 --dport 80 --sport 40010 --timeout 0.3
outcome left h eth2 syn
case_end

# a forwarded SYN, marked 0x5 | 0x2a & 0x2f = 0x2f in PREROUTING: rule 110 sends it to table 100
case_begin forward-mark --snapshot output-reroute --from cl --src 10.1.0.2 --dst 192.0.2.44 -p tcp --sport 40011 --dport 443
sniff up2 syn eth0 --proto tcp --port 40011
send cl conn tcp --src 10.1.0.2 --sport 40011 --dst 192.0.2.44 --dport 443 --timeout 0.3
outcome left h eth2 syn
case_end

# unmarked: the main table's default route
case_begin unmarked --snapshot output-reroute --from cl --src 10.1.0.2 --dst 192.0.2.44 -p tcp --sport 40012 --dport 8443
sniff up1 syn eth0 --proto tcp --port 40012
send cl conn tcp --src 10.1.0.2 --sport 40012 --dst 192.0.2.44 --dport 8443 --timeout 0.3
outcome left h eth1 syn
case_end

# a socket mark (SO_MARK) on a local packet is the flow's mark for the first route lookup
case_begin socket-mark --snapshot output-reroute --from h --src 10.4.0.1 --dst 192.0.2.53 -p udp --sport 40013 --dport 53 --mark 0x17
sniff up2 dgram eth0 --proto udp --port 40013
send h tx udp --dst 192.0.2.53 --dport 53 --sport 40013 --mark 0x17
outcome left h eth2 dgram
case_end
scenario_end
