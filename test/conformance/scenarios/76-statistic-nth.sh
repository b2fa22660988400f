#!/bin/bash
# `-m statistic --mode nth --every 3 --packet 0` in front of a Service's second endpoint, decided by
# the kernel 300 times (300 TCP connections; the nat table sees the first packet of each).
# Kernel: xt_statistic keeps one counter per rule and takes every third packet it sees, exactly;
# the counter is kernel state that iptables-save does not print (checked below: the rule reads
# the same after connections went through it), so which packet of the cycle a traced one is
# cannot be told from a snapshot. The engine's branches: KUBE-SEP-A with 1/3, KUBE-SEP-B with 2/3;
# the kernel's shares are 100 and 200 of 300 whatever the counter was at the capture (the
# connections before it moved it off its start).
#
#   cl 10.1.0.2/24 eth0 --- eth0 10.1.0.1/24 [node] pa0 10.2.1.1/24 --- eth0 pa 10.2.1.2/24 (:8080)
#                                                  pb0 10.2.2.1/24 --- eth0 pb 10.2.2.2/24 (:8080)
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
for p in pa pb; do
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
-A PREROUTING -m comment --comment "kubernetes service portals" -j KUBE-SERVICES
-A KUBE-SERVICES -d 10.96.0.10/32 -p tcp -m comment --comment "default/web cluster IP" -m tcp --dport 80 -j KUBE-SVC-WEB
-A KUBE-SVC-WEB -m comment --comment "default/web -> 10.2.1.2:8080" -m statistic --mode nth --every 3 --packet 0 -j KUBE-SEP-A
-A KUBE-SVC-WEB -m comment --comment "default/web -> 10.2.2.2:8080" -j KUBE-SEP-B
-A KUBE-SEP-A -p tcp -m comment --comment default/web -m tcp -j DNAT --to-destination 10.2.1.2:8080
-A KUBE-SEP-B -p tcp -m comment --comment default/web -m tcp -j DNAT --to-destination 10.2.2.2:8080
COMMIT
RULES

# Two connections before the capture move the counter; iptables-save prints the same rule.
before=$(nx node iptables-save -t nat | grep -- '--mode nth')
for p in pa pb; do
  bg ip netns exec "$(ns "$p")" "$PY" "$CONF_DIR/tools/flow.py" listen tcp --port 8080 --out "$OUT/pre-$p.jsonl"
  wait_for "$OUT/pre-$p.jsonl.ready" || die "listener in $p did not start"
done
for sport in 42990 42991; do
  nx cl "$PY" "$CONF_DIR/tools/flow.py" send tcp --src 10.1.0.2 --sport "$sport" --dst 10.96.0.10 --dport 80 --out "$OUT/pre-conn.jsonl"
done
[ "$(grep -c connected "$OUT/pre-conn.jsonl")" = 2 ] || die "the connections before the capture failed: $(cat "$OUT/pre-conn.jsonl")"
[ "$(nx node iptables-save -t nat | grep -- '--mode nth')" = "$before" ] || die "iptables-save prints the nth rule differently after packets: $(nx node iptables-save -t nat | grep -- '--mode nth')"
for p in "${BGPIDS[@]}"; do kill "$p" 2>/dev/null; wait "$p" 2>/dev/null; done

shares_begin endpoints --from cl --src 10.1.0.2 --dst 10.96.0.10 -p tcp --sport 43000 --dport 80 --count 300
serve pa a 8080
serve pb b 8080
spread cl connect
shares_end delivered:pa:a delivered:pb:b
[ "$(jq -s 'length' "$OUT/endpoints/a.jsonl")" = 100 ] || die "expected exactly every third connection at pa, got $(jq -s 'length' "$OUT/endpoints/a.jsonl")"
shares_scenario_end
