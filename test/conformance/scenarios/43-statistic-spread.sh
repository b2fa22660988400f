#!/bin/bash
# A kube-proxy Service with three endpoints, decided by the kernel 300 times: 300 TCP connections
# to the cluster IP, each from its own source port. KUBE-SVC-WEB spreads them with
# `-m statistic --mode random` as kube-proxy writes it (1/3, then 1/2 of the rest, then the
# last endpoint); each KUBE-SEP DNATs to a pod whose server answers with its name.
# Kernel: the nat table sees only the first packet of a connection, so xt_statistic draws once per
# connection (get_random_u32() & 0x7FFFFFFF below lround(0x80000000 * p)); every endpoint takes
# about a third: the engine's three branches, each of probability 0.3333, with the pod's address
# as their end. The shares must agree within the exact binomial bound of compare/branch-shares.ts
# (99.9% for the case: 71..130 of 300 flows per endpoint).
# A branch may also end in a drop: a second Service of two endpoints, one of them cut off by a
# FORWARD rule, delivers about half of 300 udp flows (156 in one run) and drops the rest on node
# (the rule's counter counts exactly the flows no listener saw): DELIVERED and DROPPED (RULE),
# 0.5 each.
#
#   cl 10.1.0.2/24 eth0 --- eth0 10.1.0.1/24 [node] pa0 10.2.1.1/24 --- eth0 pa 10.2.1.2/24 (:8080)
#                                                  pb0 10.2.2.1/24 --- eth0 pb 10.2.2.2/24 (:8080)
#                                                  pc0 10.2.3.1/24 --- eth0 pc 10.2.3.2/24 (:8080)
#   Service web 10.96.0.10:80
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../lib-shares.sh"
mkns cl pod
mkns node node
veth cl eth0 node eth0
addr cl eth0 10.1.0.2/24
addr node eth0 10.1.0.1/24
nx cl ip route add default via 10.1.0.1
i=1
for p in pa pb pc; do
  mkns "$p" pod
  veth node "${p}0" "$p" eth0
  addr node "${p}0" "10.2.$i.1/24"
  addr "$p" eth0 "10.2.$i.2/24"
  nx "$p" ip route add default via "10.2.$i.1"
  i=$((i + 1))
done
forwarding node
rules node <<'RULES'
*nat
:PREROUTING ACCEPT [0:0]
:INPUT ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
:POSTROUTING ACCEPT [0:0]
:KUBE-SERVICES - [0:0]
:KUBE-SVC-WEB - [0:0]
:KUBE-SEP-A - [0:0]
:KUBE-SEP-B - [0:0]
:KUBE-SEP-C - [0:0]
:KUBE-SVC-DNS - [0:0]
:KUBE-SEP-DNSA - [0:0]
:KUBE-SEP-DNSB - [0:0]
-A PREROUTING -m comment --comment "kubernetes service portals" -j KUBE-SERVICES
-A KUBE-SERVICES -d 10.96.0.10/32 -p tcp -m comment --comment "default/web cluster IP" -m tcp --dport 80 -j KUBE-SVC-WEB
-A KUBE-SVC-WEB -m comment --comment "default/web -> 10.2.1.2:8080" -m statistic --mode random --probability 0.33333333349 -j KUBE-SEP-A
-A KUBE-SVC-WEB -m comment --comment "default/web -> 10.2.2.2:8080" -m statistic --mode random --probability 0.50000000000 -j KUBE-SEP-B
-A KUBE-SVC-WEB -m comment --comment "default/web -> 10.2.3.2:8080" -j KUBE-SEP-C
-A KUBE-SEP-A -p tcp -m comment --comment default/web -m tcp -j DNAT --to-destination 10.2.1.2:8080
-A KUBE-SEP-B -p tcp -m comment --comment default/web -m tcp -j DNAT --to-destination 10.2.2.2:8080
-A KUBE-SEP-C -p tcp -m comment --comment default/web -m tcp -j DNAT --to-destination 10.2.3.2:8080
-A KUBE-SERVICES -d 10.96.0.11/32 -p udp -m comment --comment "default/dns cluster IP" -m udp --dport 53 -j KUBE-SVC-DNS
-A KUBE-SVC-DNS -m comment --comment "default/dns -> 10.2.1.2:5353" -m statistic --mode random --probability 0.50000000000 -j KUBE-SEP-DNSA
-A KUBE-SVC-DNS -m comment --comment "default/dns -> 10.2.2.2:5353" -j KUBE-SEP-DNSB
-A KUBE-SEP-DNSA -p udp -m comment --comment default/dns -m udp -j DNAT --to-destination 10.2.1.2:5353
-A KUBE-SEP-DNSB -p udp -m comment --comment default/dns -m udp -j DNAT --to-destination 10.2.2.2:5353
COMMIT
*filter
:INPUT ACCEPT [0:0]
:FORWARD ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
-A FORWARD -d 10.2.2.2/32 -p udp -m udp --dport 5353 -j DROP
COMMIT
RULES

shares_begin endpoints --from cl --src 10.1.0.2 --dst 10.96.0.10 -p tcp --sport 43000 --dport 80 --count 300
serve pa a 8080
serve pb b 8080
serve pc c 8080
spread cl connect
shares_end delivered:pa:a delivered:pb:b delivered:pc:c

# A second Service whose endpoint pb is cut off by a FORWARD rule: half the flows are delivered to
# pa, the other half DNATed to pb and dropped by the rule on node, which counts them. The engine's
# branches: DELIVERED at pa and DROPPED (RULE) at node, each 0.5, with the addresses after DNAT.
shares_begin one-blocked --from cl --src 10.1.0.2 --dst 10.96.0.11 -p udp --sport 43500 --dport 53 --count 300
listen pa dnsa udp --port 5353
listen pb dnsb udp --port 5353
spread cl udp --gap 0.002
shares_end delivered:pa:dnsa delivered:pb:dnsb "dropped:node:RULE:10.2.2.2:5353:$(rule_packets node filter FORWARD 1)"
shares_scenario_end
