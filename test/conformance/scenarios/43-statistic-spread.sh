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
-A PREROUTING -m comment --comment "kubernetes service portals" -j KUBE-SERVICES
-A KUBE-SERVICES -d 10.96.0.10/32 -p tcp -m comment --comment "default/web cluster IP" -m tcp --dport 80 -j KUBE-SVC-WEB
-A KUBE-SVC-WEB -m comment --comment "default/web -> 10.2.1.2:8080" -m statistic --mode random --probability 0.33333333349 -j KUBE-SEP-A
-A KUBE-SVC-WEB -m comment --comment "default/web -> 10.2.2.2:8080" -m statistic --mode random --probability 0.50000000000 -j KUBE-SEP-B
-A KUBE-SVC-WEB -m comment --comment "default/web -> 10.2.3.2:8080" -j KUBE-SEP-C
-A KUBE-SEP-A -p tcp -m comment --comment default/web -m tcp -j DNAT --to-destination 10.2.1.2:8080
-A KUBE-SEP-B -p tcp -m comment --comment default/web -m tcp -j DNAT --to-destination 10.2.2.2:8080
-A KUBE-SEP-C -p tcp -m comment --comment default/web -m tcp -j DNAT --to-destination 10.2.3.2:8080
COMMIT
RULES

shares_begin endpoints --from cl --src 10.1.0.2 --dst 10.96.0.10 -p tcp --sport 43000 --dport 80 --count 300
serve pa a 8080
serve pb b 8080
serve pc c 8080
spread cl connect
shares_end delivered:pa:a delivered:pb:b delivered:pc:c
shares_scenario_end
