#!/bin/bash
# A Service spread unevenly over four endpoints (kube-proxy writes such probabilities for
# weighted and topology-aware endpoint sets), decided by the kernel 400 times: 400 TCP connections
# from a process on the node itself (host network: nat OUTPUT -> KUBE-SERVICES), each from its
# own source port. The rules take 0.1, then 0.2222 of the rest, then 0.4286 of the rest, then the
# last endpoint: shares 0.1, 0.2, 0.3 and 0.4, the product of the rules' probabilities along the
# way (libxt_statistic rounds each to lround(0x80000000 * p) / 2^31).
# Kernel: the draw happens once per connection, in the nat table's OUTPUT chain on the
# connection's first packet; all four endpoints are used, in those shares (99.9% binomial bound of
# compare/branch-shares.ts for n = 400, k = 4: 20..64, 52..110, 87..154 and 125..196 flows).
#
# The socket's route lookup comes before the nat table: the cluster IP must be routable (here by
# the node's default route) or connect() fails with ENETUNREACH before any rule is seen.
#
#   up 10.1.0.2/24 (outside) eth0 --- eth0 10.1.0.1/24 [node] default via 10.1.0.2
#                                      [node] pa0 10.2.1.1/24 --- eth0 pa 10.2.1.2/24 (:8080)
#                                      (likewise pb, pc, pd on 10.2.2-4.0/24)
#   Service web 10.96.0.20:80
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../lib-shares.sh"
mkns node node
mkns up outside
veth node eth0 up eth0
addr node eth0 10.1.0.1/24
addr up eth0 10.1.0.2/24
nx node ip route add default via 10.1.0.2
i=1
for p in pa pb pc pd; do
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
:KUBE-SEP-D - [0:0]
-A PREROUTING -m comment --comment "kubernetes service portals" -j KUBE-SERVICES
-A OUTPUT -m comment --comment "kubernetes service portals" -j KUBE-SERVICES
-A KUBE-SERVICES -d 10.96.0.20/32 -p tcp -m comment --comment "default/web cluster IP" -m tcp --dport 80 -j KUBE-SVC-WEB
-A KUBE-SVC-WEB -m comment --comment "default/web -> 10.2.1.2:8080" -m statistic --mode random --probability 0.10000000009 -j KUBE-SEP-A
-A KUBE-SVC-WEB -m comment --comment "default/web -> 10.2.2.2:8080" -m statistic --mode random --probability 0.22222222225 -j KUBE-SEP-B
-A KUBE-SVC-WEB -m comment --comment "default/web -> 10.2.3.2:8080" -m statistic --mode random --probability 0.42857142864 -j KUBE-SEP-C
-A KUBE-SVC-WEB -m comment --comment "default/web -> 10.2.4.2:8080" -j KUBE-SEP-D
-A KUBE-SEP-A -p tcp -m comment --comment default/web -m tcp -j DNAT --to-destination 10.2.1.2:8080
-A KUBE-SEP-B -p tcp -m comment --comment default/web -m tcp -j DNAT --to-destination 10.2.2.2:8080
-A KUBE-SEP-C -p tcp -m comment --comment default/web -m tcp -j DNAT --to-destination 10.2.3.2:8080
-A KUBE-SEP-D -p tcp -m comment --comment default/web -m tcp -j DNAT --to-destination 10.2.4.2:8080
COMMIT
RULES

shares_begin weighted --from node --src 10.1.0.1 --dst 10.96.0.20 -p tcp --sport 44000 --dport 80 --count 400
serve pa a 8080
serve pb b 8080
serve pc c 8080
serve pd d 8080
spread node connect
shares_end delivered:pa:a delivered:pb:b delivered:pc:c delivered:pd:d
shares_scenario_end
