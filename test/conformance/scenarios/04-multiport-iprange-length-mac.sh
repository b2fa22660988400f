#!/bin/bash
# multiport (--dports/--sports/--ports, ranges, `!`), iprange (--src-range/--dst-range, `!`),
# length (exact, ranges, `!`: a TCP SYN with Linux's options is 60 bytes, an echo request with
# ping's 56-byte payload 84, flow.py's datagram too) and mac (--mac-source of the directly
# attached sender, `!`; icmp only, so that the tcp and udp cases do not depend on it), in the
# INPUT chain of a server the client is wired to.
#
#   cl 10.1.0.2/24 eth0 --- eth0 srv 10.1.0.1/24
. "$(dirname "$0")/../lib.sh"
mkns cl pod
mkns srv node
veth cl eth0 srv eth0
addr cl eth0 10.1.0.2/24
addr srv eth0 10.1.0.1/24
CLMAC=$(nx cl cat /sys/class/net/eth0/address)
rules srv <<RULES
*filter
:INPUT ACCEPT [0:0]
:FORWARD ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
:HIT - [0:0]
-A INPUT -p tcp -m multiport --dports 22,80,443 -j HIT
-A INPUT -p tcp -m multiport --dports 8000:8100,9000 -j HIT
-A INPUT -p tcp -m multiport --sports 1000:2000 -j HIT
-A INPUT -p tcp -m multiport --ports 80 -j HIT
-A INPUT -p tcp -m multiport ! --dports 80,81 -j HIT
-A INPUT -p udp -m multiport --dports 53,5353 -j HIT
-A INPUT -m iprange --src-range 10.1.0.1-10.1.0.5 -j HIT
-A INPUT -m iprange --dst-range 10.1.0.100-10.1.0.200 -j HIT
-A INPUT -m iprange ! --src-range 10.1.0.1-10.1.0.5 -j HIT
-A INPUT -m iprange --src-range 10.1.0.2-10.1.0.2 --dst-range 10.1.0.0-10.1.0.255 -j HIT
-A INPUT -m length --length 60 -j HIT
-A INPUT -m length --length 0:59 -j HIT
-A INPUT -m length --length 61:65535 -j HIT
-A INPUT -m length ! --length 100:200 -j HIT
-A INPUT -m length --length 84 -j HIT
-A INPUT -p icmp -m mac --mac-source $CLMAC -j HIT
-A INPUT -p icmp -m mac ! --mac-source $CLMAC -j HIT
-A INPUT -p icmp -m mac --mac-source 02:00:00:00:00:01 -j HIT
-A INPUT -j ACCEPT
COMMIT
RULES

case_begin tcp --from cl --src 10.1.0.2 --dst 10.1.0.1 -p tcp --sport 40001 --dport 80
listen srv acc tcp --port 80
send cl conn tcp --src 10.1.0.2 --sport 40001 --dst 10.1.0.1 --dport 80
outcome delivered srv acc
case_end

case_begin icmp --snapshot tcp --from cl --src 10.1.0.2 --dst 10.1.0.1 -p icmp --icmp-id 404
listen srv echo icmp --id 404
nx cl ping -c 1 -W 1 -e 404 10.1.0.1 >/dev/null || die "ping"
outcome delivered srv echo
case_end

case_begin udp --snapshot tcp --from cl --src 10.1.0.2 --dst 10.1.0.1 -p udp --sport 1500 --dport 5353
listen srv got udp --port 5353
send cl tx udp --src 10.1.0.2 --sport 1500 --dst 10.1.0.1 --dport 5353
outcome delivered srv got
case_end
scenario_end
