#!/bin/bash
# A SYN that reuses the tuple of a connection in TIME_WAIT: conntrack deletes the old entry and
# starts a new connection (nf_conntrack_proto_tcp.c: "Attempt to reopen a closed/aborted
# connection"), so the nat table is consulted again and the current DNAT rule applies. Before the
# capture, cl opens and closes (FINs both ways) a connection through gw's DNAT to srv:8080; gw's
# entry is then TIME_WAIT with the binding to 8080, and the rule is changed to send to 8081. The
# captured snapshot has the TIME_WAIT entry and the new rule; the new SYN reaches 8081.
. "$(dirname "$0")/../lib.sh"
line3
rules gw <<'RULES'
*nat
:PREROUTING ACCEPT [0:0]
:INPUT ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
:POSTROUTING ACCEPT [0:0]
-A PREROUTING -d 10.9.9.9/32 -p tcp -m tcp --dport 80 -j DNAT --to-destination 10.2.0.2:8080
COMMIT
*filter
:INPUT ACCEPT [0:0]
:FORWARD ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
:HIT - [0:0]
-A FORWARD -m conntrack --ctstate NEW -j HIT
-A FORWARD -m conntrack --ctstate ESTABLISHED -j HIT
-A FORWARD -m conntrack --ctstate DNAT -j HIT
COMMIT
RULES

# The first connection, closed gracefully: the listener closes first, cl answers with its FIN.
bg nx srv "$PY" "$CONF_DIR/tools/flow.py" listen tcp --port 8080 --out "$OUT/pre-8080.jsonl"
wait_for "$OUT/pre-8080.jsonl.ready" || die "listener on 8080 did not start"
nx cl "$PY" "$CONF_DIR/tools/flow.py" send tcp --src 10.1.0.2 --sport 40100 --dst 10.9.9.9 --dport 80 --graceful --out "$OUT/pre-conn.jsonl"
[ "$(head -1 "$OUT/pre-conn.jsonl" | jq -r .result)" = connected ] || die "first connection: $(cat "$OUT/pre-conn.jsonl")"
sleep 0.3
nx gw conntrack -L -p tcp --sport 40100 2>/dev/null | grep -q 'TIME_WAIT.*sport=8080' || die "expected a TIME_WAIT entry bound to 8080: $(nx gw conntrack -L 2>&1)"
nx gw iptables -t nat -R PREROUTING 1 -d 10.9.9.9/32 -p tcp -m tcp --dport 80 -j DNAT --to-destination 10.2.0.2:8081

# The same tuple again: the SYN reopens the TIME_WAIT entry, walks the nat table, goes to 8081.
case_begin reopen --from cl --src 10.1.0.2 --dst 10.9.9.9 -p tcp --sport 40100 --dport 80
listen srv p8081 tcp --port 8081
send cl conn tcp --src 10.1.0.2 --sport 40100 --dst 10.9.9.9 --dport 80
[ "$(result conn .result)" = connected ] || die "connect: $(result conn .)"
outcome delivered srv p8081
case_end
scenario_end
