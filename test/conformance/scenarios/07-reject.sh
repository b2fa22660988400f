#!/bin/bash
# REJECT and its --reject-with variants. The kernel traces REJECT as DROP (the target sends its
# ICMP error or RST from the OUTPUT path and drops the packet).
. "$(dirname "$0")/../lib.sh"
line2
rules srv <<'RULES'
*filter
:INPUT ACCEPT [0:0]
:FORWARD ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
-A INPUT -p tcp -m tcp --dport 81 -j REJECT
-A INPUT -p tcp -m tcp --dport 82 -j REJECT --reject-with tcp-reset
-A INPUT -p tcp -m tcp --dport 83 -j REJECT --reject-with icmp-host-prohibited
-A INPUT -p udp -m udp --dport 84 -j REJECT --reject-with icmp-net-unreachable
-A INPUT -p icmp -j REJECT --reject-with icmp-admin-prohibited
COMMIT
RULES

case_begin port-unreachable --from cl --src 10.1.0.2 --dst 10.1.0.1 -p tcp --sport 40001 --dport 81
send cl conn tcp --src 10.1.0.2 --sport 40001 --dst 10.1.0.1 --dport 81
[ "$(result conn .errno)" = 111 ] || die "expected ECONNREFUSED, got $(result conn .)"
outcome rejected srv IcmpInDestUnreachs@cl IcmpOutDestUnreachs
case_end

case_begin tcp-reset --snapshot port-unreachable --from cl --src 10.1.0.2 --dst 10.1.0.1 -p tcp --sport 40002 --dport 82
send cl conn tcp --src 10.1.0.2 --sport 40002 --dst 10.1.0.1 --dport 82
[ "$(result conn .errno)" = 111 ] || die "expected ECONNREFUSED (RST), got $(result conn .)"
outcome rejected srv '!IcmpInDestUnreachs@cl'
case_end

case_begin host-prohibited --snapshot port-unreachable --from cl --src 10.1.0.2 --dst 10.1.0.1 -p tcp --sport 40003 --dport 83
send cl conn tcp --src 10.1.0.2 --sport 40003 --dst 10.1.0.1 --dport 83
[ "$(result conn .errno)" = 113 ] || die "expected EHOSTUNREACH, got $(result conn .)"
outcome rejected srv IcmpInDestUnreachs@cl
case_end

case_begin net-unreachable --snapshot port-unreachable --from cl --src 10.1.0.2 --dst 10.1.0.1 -p udp --sport 40004 --dport 84
send cl tx udp --src 10.1.0.2 --sport 40004 --dst 10.1.0.1 --dport 84
outcome rejected srv IcmpInDestUnreachs@cl
case_end

case_begin admin-prohibited --snapshot port-unreachable --from cl --src 10.1.0.2 --dst 10.1.0.1 -p icmp --icmp-id 707
nx cl ping -c 1 -W 1 -e 707 10.1.0.1 >/dev/null && die "the ping was answered"
outcome rejected srv IcmpInDestUnreachs@cl
case_end
scenario_end
