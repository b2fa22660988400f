#!/bin/bash
# A routing loop: a and b send 10.99.0.0/24 to each other until the TTL runs out. The sender (out,
# not captured) sends with TTL 64; a receives 64, 62, ..., b receives 63, ..., 1: b drops it and
# sends an ICMP time exceeded (IcmpOutTimeExcds). The whole loop is one skb, so xtables-monitor
# prints a's FORWARD rule once per pass under one trace id: 32 steps on a.
#
#   out 10.6.0.2/24 eth0 --- eth0 10.6.0.1/24 [a] eth1 10.5.0.1/24 --- eth0 10.5.0.2/24 [b]
. "$(dirname "$0")/../lib.sh"
mkns out outside
mkns a node
mkns b node
veth out eth0 a eth0
veth a eth1 b eth0
addr out eth0 10.6.0.2/24
addr a eth0 10.6.0.1/24
addr a eth1 10.5.0.1/24
addr b eth0 10.5.0.2/24
nx out ip route add default via 10.6.0.1
forwarding a b
nx a ip route add 10.99.0.0/24 via 10.5.0.2
nx b ip route add 10.99.0.0/24 via 10.5.0.1
nx b ip route add 10.6.0.0/24 via 10.5.0.1
rules a <<'RULES'
*filter
:INPUT ACCEPT [0:0]
:FORWARD ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
-A FORWARD -p icmp -j ACCEPT
COMMIT
RULES

# maxHops above the TTL, so the trace follows the loop as far as the kernel does
case_begin ttl-exceeded --from a:eth0 --src 10.6.0.2 --dst 10.99.0.1 -p icmp --icmp-id 1515 --max-hops 128
nx out ping -c 1 -W 1 -e 1515 10.99.0.1 >/dev/null 2>&1
outcome dropped b TTL_EXCEEDED IcmpOutTimeExcds IcmpInTimeExcds@out
case_end
scenario_end
