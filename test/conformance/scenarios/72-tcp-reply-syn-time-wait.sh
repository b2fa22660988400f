#!/bin/bash
# A SYN in the reply direction of a TIME_WAIT entry: the server side opens a connection on the
# tuple of one that just closed. nf_conntrack_proto_tcp.c moves TIME_WAIT to SYN_SENT for it too
# ("Reopened connection, but server may have switched role"), so the old entry is deleted and the
# SYN is looked up again: a new connection with srv as its originator. Its reply-direction
# translation is gone: the SYN reaches cl from 10.2.0.2:8080, not de-DNATed to 10.9.9.9:80, and
# it is NEW (the nat table is walked for it, in PREROUTING and POSTROUTING).
# Before the capture cl opens and closes (FINs both ways) a connection through gw's DNAT to
# srv:8080; gw's entry is then TIME_WAIT.
. "$(dirname "$0")/../lib.sh"
line3
rules gw <<'RULES'
*nat
:PREROUTING ACCEPT [0:0]
:INPUT ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
:POSTROUTING ACCEPT [0:0]
-A PREROUTING -d 10.9.9.9/32 -p tcp -m tcp --dport 80 -j DNAT --to-destination 10.2.0.2:8080
-A POSTROUTING -s 10.2.0.2/32 -p tcp -j ACCEPT
COMMIT
*filter
:INPUT ACCEPT [0:0]
:FORWARD ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
:HIT - [0:0]
-A FORWARD -m conntrack --ctstate NEW -j HIT
-A FORWARD -m conntrack --ctstate ESTABLISHED -j HIT
-A FORWARD -m conntrack --ctstate INVALID -j HIT
-A FORWARD -m conntrack --ctdir REPLY -j HIT
-A FORWARD -m conntrack --ctstate DNAT -j HIT
COMMIT
RULES

bg nx srv "$PY" "$CONF_DIR/tools/flow.py" listen tcp --port 8080 --out "$OUT/pre-8080.jsonl"
wait_for "$OUT/pre-8080.jsonl.ready" || die "listener on 8080 did not start"
nx cl "$PY" "$CONF_DIR/tools/flow.py" send tcp --src 10.1.0.2 --sport 40720 --dst 10.9.9.9 --dport 80 --graceful --out "$OUT/pre-conn.jsonl"
[ "$(head -1 "$OUT/pre-conn.jsonl" | jq -r .result)" = connected ] || die "first connection: $(cat "$OUT/pre-conn.jsonl")"
sleep 0.3
nx gw conntrack -L -p tcp --sport 40720 2>/dev/null | grep -q 'TIME_WAIT.*sport=8080' || die "expected a TIME_WAIT entry bound to 8080: $(nx gw conntrack -L 2>&1)"

case_begin reply-syn --from srv --src 10.2.0.2 --dst 10.1.0.2 -p tcp --sport 8080 --dport 40720 --tcp-flags SYN
sniff cl seg eth0 --proto tcp --port 40720
send srv tx segment --src 10.2.0.2 --sport 8080 --dst 10.1.0.2 --dport 40720 --flags SYN
sleep 0.3
[ "$(result seg '"\(.src):\(.sport)"')" = 10.2.0.2:8080 ] || die "the SYN did not reach cl from 10.2.0.2:8080: $(result seg .)"
nx gw conntrack -L -p tcp 2>/dev/null | grep -q 'TIME_WAIT src=10.1.0.2 dst=10.9.9.9 sport=40720' && die "the TIME_WAIT entry survived: $(nx gw conntrack -L -p tcp 2>&1)"
outcome delivered cl seg
case_end
scenario_end
