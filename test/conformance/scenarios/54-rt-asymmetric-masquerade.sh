#!/bin/bash
# MASQUERADE with source policy routing and an asymmetric return: the client's traffic leaves gw
# by eth1 (rule `from 10.1.0.0/24 lookup 100`) and is MASQUERADEd to eth1's 10.3.0.1, but the
# upstream router sends everything for 10.3.0.1 back over the other link, so the reply enters gw
# on eth2. With rp_filter 0 conntrack de-NATs it there and it reaches the client: it works, on
# another interface than the request used.
#
#   cl 10.1.0.2 eth0 --- eth0 10.1.0.1 [gw] eth1 10.3.0.1/24 --- r1 10.3.0.2 [rt] b0 10.2.0.1 --- eth0 srv 10.2.0.2
#                                           eth2 10.4.0.1/24 --- r2 10.4.0.2
. "$(dirname "$0")/../lib.sh"
mkns cl pod
mkns gw node
mkns rt node
mkns srv pod
veth cl eth0 gw eth0
veth gw eth1 rt r1
veth gw eth2 rt r2
veth rt b0 srv eth0
addr cl eth0 10.1.0.2/24
addr gw eth0 10.1.0.1/24
addr gw eth1 10.3.0.1/24
addr gw eth2 10.4.0.1/24
addr rt r1 10.3.0.2/24
addr rt r2 10.4.0.2/24
addr rt b0 10.2.0.1/24
addr srv eth0 10.2.0.2/24
forwarding gw rt
nx cl ip route add default via 10.1.0.1
nx srv ip route add default via 10.2.0.1
nx gw ip route add default via 10.4.0.2 dev eth2
nx gw ip route add default via 10.3.0.2 dev eth1 table 100
nx gw ip rule add from 10.1.0.0/24 lookup 100 pref 1000
nx rt ip route add 10.3.0.1/32 via 10.4.0.1 dev r2
rules gw <<'RULES'
*nat
:PREROUTING ACCEPT [0:0]
:INPUT ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
:POSTROUTING ACCEPT [0:0]
-A POSTROUTING -o eth1 -j MASQUERADE
COMMIT
RULES

case_begin asymmetric --from cl --src 10.1.0.2 --dst 10.2.0.2 -p tcp --sport 45401 --dport 80 --round-trip
listen srv acc tcp --port 80
sniff gw back eth2 --proto tcp --port 45401
send cl conn tcp --src 10.1.0.2 --sport 45401 --dst 10.2.0.2 --dport 80
[ "$(result conn .result)" = connected ] || die "connect: $(result conn .)"
[ "$(result back .src)" = 10.2.0.2 ] || die "the reply did not come back on gw eth2: $(result back .)"
outcome delivered srv acc
outcome --reply delivered cl conn
case_end
scenario_end
