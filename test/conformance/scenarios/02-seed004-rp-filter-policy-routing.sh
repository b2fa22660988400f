#!/bin/bash
# Seed 004 without IPVS (port of oracle s3): source policy routing sends the pod's SYN out eth1,
# MASQUERADE gives it eth0's address, the SYN-ACK comes back on eth0, is de-NATed to the pod in
# PREROUTING, and the reverse-path check of the input route lookup ("from 10.12.192.44 to
# 10.50.0.10 iif eth0" -> rule 2000 -> table 1003 -> eth1) fails: strict rp_filter drops it,
# loose (2) lets it through.
#
#   pod 10.12.192.44/32 eth0 --- eni44 [node] eth0 10.12.97.49/24 --- r0 10.12.97.1/24 [vpc] b0 10.50.0.1/24 --- eth0 be 10.50.0.10/24
#                                            eth1 (no address) ------ r1 10.12.192.1/24
#
# MASQUERADE on eth1, which has no address, borrows eth0's 10.12.97.49 (fact 10: inet_select_addr
# takes the first global address of another interface).
. "$(dirname "$0")/../lib.sh"

mkns pod pod
mkns node node
mkns vpc external
mkns be external
veth pod eth0 node eni44
veth node eth0 vpc r0
veth node eth1 vpc r1
veth vpc b0 be eth0

addr pod eth0 10.12.192.44/32
nx pod ip route add 169.254.1.1 dev eth0 scope link
nx pod ip route add default via 169.254.1.1 dev eth0
nx pod ip neigh add 169.254.1.1 dev eth0 lladdr "$(nx node cat /sys/class/net/eni44/address)" nud permanent

forwarding node vpc
addr node eth0 10.12.97.49/24
nx node ip route add default via 10.12.97.1 dev eth0
nx node ip route add 10.12.192.44 dev eni44 scope link
nx node ip neigh add 10.12.192.44 dev eni44 lladdr "$(nx pod cat /sys/class/net/eth0/address)" nud permanent
nx node ip route add default via 10.12.192.1 dev eth1 onlink table 1003
nx node ip neigh add 10.12.192.1 dev eth1 lladdr "$(nx vpc cat /sys/class/net/r1/address)" nud permanent
nx node ip rule add to 10.12.192.44 lookup main pref 1000
nx node ip rule add from 10.12.192.44 lookup 1003 pref 2000
# Rules go in with iptables-restore declaring every built-in chain: `iptables -t nat -A POSTROUTING`
# alone creates only the POSTROUTING base chain in nf_tables, yet iptables-save (1.8.9, nf_tables)
# still prints all four built-in chains of the table. The chains it invents are not registered,
# so the kernel traces no policy for them, while a snapshot cannot tell them from real ones.
nx node iptables-restore <<'RULES' || die "iptables-restore"
*nat
:PREROUTING ACCEPT [0:0]
:INPUT ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
:POSTROUTING ACCEPT [0:0]
-A POSTROUTING -s 10.12.192.44/32 ! -d 10.12.0.0/16 -o eth1 -j MASQUERADE
COMMIT
RULES

addr vpc r0 10.12.97.1/24
addr vpc r1 10.12.192.1/24
addr vpc b0 10.50.0.1/24
addr be eth0 10.50.0.10/24
nx be ip route add default via 10.50.0.1
bg nx be "$PY" "$CONF_DIR/tools/flow.py" listen tcp --port 8080 --out "$OUT/be-accepted.jsonl"
wait_for "$OUT/be-accepted.jsonl.ready" || die "listener"

# strict: the SYN reaches be's listening socket (TcpPassiveOpens), the SYN-ACK is dropped on
# node's eth0 by the reverse-path check (TcpExtIPReversePathFilter; xtables-monitor shows the
# reply's PREROUTING and nothing after it, fact 5).
nx node sysctl -qw net.ipv4.conf.eth0.rp_filter=1
case_begin strict --from pod --src 10.12.192.44 --dst 10.50.0.10 -p tcp --sport 44624 --dport 8080 --round-trip
sniff be syn eth0 --proto tcp --port 44624
send pod conn tcp --src 10.12.192.44 --sport 44624 --dst 10.50.0.10 --dport 8080 --timeout 0.8
[ "$(result conn .result)" = timeout ] || die "expected the connection to hang, got $(result conn .result)"
outcome delivered be syn
outcome --reply dropped node RP_FILTER TcpExtIPReversePathFilter
case_end

# loose: the same SYN-ACK passes the reverse-path check and the pod's connect() completes.
nx node sysctl -qw net.ipv4.conf.eth0.rp_filter=2
case_begin loose --from pod --src 10.12.192.44 --dst 10.50.0.10 -p tcp --sport 44625 --dport 8080 --round-trip
sniff be syn eth0 --proto tcp --port 44625
send pod conn tcp --src 10.12.192.44 --sport 44625 --dst 10.50.0.10 --dport 8080 --timeout 0.8
[ "$(result conn .result)" = connected ] || die "expected the connection to work, got $(result conn .result)"
outcome delivered be syn
outcome --reply delivered pod conn
case_end
scenario_end
