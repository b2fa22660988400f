#!/bin/bash
# The built-in selectors and the tcp/udp/icmp matches, each in a matching and a non-matching form
# (with `!`): -s -d -i -o (with the `+` wildcard) -p, --sport/--dport and ranges, --syn,
# --tcp-flags, --icmp-type, comment. Every matching rule jumps to an empty chain (a JUMP line,
# then a silent return); a non-matching one prints nothing.
. "$(dirname "$0")/../lib.sh"
line3
rules gw <<'RULES'
*filter
:INPUT ACCEPT [0:0]
:FORWARD ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
:HIT - [0:0]
-A FORWARD -s 10.1.0.2/32 -j HIT
-A FORWARD -s 10.9.0.0/16 -j HIT
-A FORWARD ! -s 10.1.0.0/24 -j HIT
-A FORWARD ! -d 10.9.0.0/16 -j HIT
-A FORWARD -d 10.2.0.0/24 -m comment --comment "servers subnet" -j HIT
-A FORWARD -i eth0 -o eth1 -j HIT
-A FORWARD -i eth1 -j HIT
-A FORWARD ! -i eth0 -j HIT
-A FORWARD -i eth+ -j HIT
-A FORWARD ! -o eth1 -j HIT
-A FORWARD -p tcp -m tcp --dport 80 -j HIT
-A FORWARD -p tcp -m tcp --sport 1:1024 -j HIT
-A FORWARD -p tcp -m tcp --dport 70:90 -j HIT
-A FORWARD -p tcp -m tcp ! --dport 80 -j HIT
-A FORWARD -p tcp -m tcp ! --sport 1:1024 -j HIT
-A FORWARD -p tcp -m tcp --syn -j HIT
-A FORWARD -p tcp -m tcp ! --syn -j HIT
-A FORWARD -p tcp -m tcp --tcp-flags SYN,ACK,FIN SYN -j HIT
-A FORWARD -p tcp -m tcp --tcp-flags SYN,RST RST -j HIT
-A FORWARD -p tcp -m tcp ! --tcp-flags ACK ACK -j HIT
-A FORWARD ! -p udp -j HIT
-A FORWARD -p udp -j HIT
-A FORWARD -p udp -m udp --dport 53 -j HIT
-A FORWARD -p udp -m udp --sport 40000:40010 -j HIT
-A FORWARD -p udp -m udp ! --dport 53 -j HIT
-A FORWARD -p icmp -m icmp --icmp-type 8 -j HIT
-A FORWARD -p icmp -m icmp --icmp-type 0 -j HIT
-A FORWARD -p icmp -m icmp ! --icmp-type 3 -j HIT
-A FORWARD -p icmp -m icmp --icmp-type 3/3 -j HIT
-A FORWARD -p icmp -m icmp --icmp-type 8/0 -j HIT
-A FORWARD -d 10.2.0.2/32 -j ACCEPT
COMMIT
RULES

case_begin tcp --from cl --src 10.1.0.2 --dst 10.2.0.2 -p tcp --sport 40001 --dport 80
listen srv acc tcp --port 80
send cl conn tcp --src 10.1.0.2 --sport 40001 --dst 10.2.0.2 --dport 80
outcome delivered srv acc
case_end

case_begin udp --snapshot tcp --from cl --src 10.1.0.2 --dst 10.2.0.2 -p udp --sport 40005 --dport 53
listen srv got udp --port 53
send cl tx udp --src 10.1.0.2 --sport 40005 --dst 10.2.0.2 --dport 53
outcome delivered srv got
case_end

case_begin icmp --snapshot tcp --from cl --src 10.1.0.2 --dst 10.2.0.2 -p icmp --icmp-id 303
listen srv echo icmp --id 303
nx cl ping -c 1 -W 1 -e 303 10.2.0.2 >/dev/null || die "ping"
outcome delivered srv echo
case_end
scenario_end
