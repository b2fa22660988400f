#!/bin/bash
# SYNs on the tuple of a closed connection.
#
# TIME_WAIT, a SYN in the reply direction: the server side opens a connection on the tuple of one
# that just closed. nf_conntrack_proto_tcp.c moves TIME_WAIT to SYN_SENT for it too ("Reopened
# connection, but server may have switched role"), so the old entry is deleted and the SYN is
# looked up again: a new connection with srv as its originator. Its reply-direction translation
# is gone: the SYN reaches cl from 10.2.0.2:8080, not de-DNATed to 10.9.9.9:80, and it is NEW (the
# nat table is walked for it, in PREROUTING and POSTROUTING). Before the capture cl opens and
# closes (FINs both ways) a connection through gw's DNAT to srv:8080; gw's entry is TIME_WAIT.
#
# CLOSE, a SYN from the client after the DNAT rule moved to 8081: the kernel reopens the
# connection only when its close began with a FIN, or with a RST from the SYN's side (the last
# RST's direction); otherwise it ignores the SYN, which then follows the old entry and its DNAT.
# Two connections closed by a RST, one reset by srv and one by cl, are listed alike by
# `conntrack -L` (CLOSE, [ASSURED], DNATed), yet the first SYN keeps its old DNAT (to 8090) and the
# second is DNATed anew (to 8081): the engine
# must answer UNKNOWN for both (engine-unknown: the reason it must give).
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

# Two connections ended by a RST: srv resets 40721 (through a rule of its own to srv:8090, removed
# again), cl resets 40722; then the DNAT rule moves to 8081. CLOSE entries last 10 s by default:
# 60 s here, so that they outlive a slow capture.
nx gw sysctl -qw net.netfilter.nf_conntrack_tcp_timeout_close=60 || die "cannot set nf_conntrack_tcp_timeout_close"
bg ip netns exec "$(ns srv)" "$PY" -c '
import socket, struct, time
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1); s.bind(("0.0.0.0", 8090)); s.listen(4)
open("'"$OUT"'/rst-server", "w").write("ready\n")
c, _ = s.accept(); time.sleep(0.2)
c.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0)); c.close(); time.sleep(30)'
wait_for "$OUT/rst-server" || die "the resetting server did not start"
nx gw iptables -t nat -I PREROUTING 1 -d 10.9.9.9/32 -p tcp -m tcp --sport 40721 --dport 80 -j DNAT --to-destination 10.2.0.2:8090
bg ip netns exec "$(ns cl)" "$PY" -c '
import json, socket, time
s = socket.socket(); s.bind(("10.1.0.2", 40721)); s.connect(("10.9.9.9", 80))
open("'"$OUT"'/pre-40721.jsonl", "w").write(json.dumps({"result": "connected"}) + "\n"); time.sleep(30)'
sleep 0.6
nx gw iptables -t nat -D PREROUTING 1
nx cl "$PY" "$CONF_DIR/tools/flow.py" send tcp --src 10.1.0.2 --sport 40722 --dst 10.9.9.9 --dport 80 --out "$OUT/pre-40722.jsonl"
nx gw iptables -t nat -R PREROUTING 1 -d 10.9.9.9/32 -p tcp -m tcp --dport 80 -j DNAT --to-destination 10.2.0.2:8081

case_begin reply-syn --from srv --src 10.2.0.2 --dst 10.1.0.2 -p tcp --sport 8080 --dport 40720 --tcp-flags SYN
sniff cl seg eth0 --proto tcp --port 40720
send srv tx segment --src 10.2.0.2 --sport 8080 --dst 10.1.0.2 --dport 40720 --flags SYN
sleep 0.3
[ "$(result seg '"\(.src):\(.sport)"')" = 10.2.0.2:8080 ] || die "the SYN did not reach cl from 10.2.0.2:8080: $(result seg .)"
nx gw conntrack -L -p tcp 2>/dev/null | grep -q 'TIME_WAIT src=10.1.0.2 dst=10.9.9.9 sport=40720' && die "the TIME_WAIT entry survived: $(nx gw conntrack -L -p tcp 2>&1)"
outcome delivered cl seg
case_end

# The CLOSE cases: srv reset 40721 (bound to 8090), cl reset 40722 (bound to 8080; flow.py closes
# with SO_LINGER 0).
for bound in 40721:8090 40722:8080; do
  sport=${bound%:*}
  [ "$(head -1 "$OUT/pre-$sport.jsonl" | jq -r .result)" = connected ] || die "connection $sport: $(cat "$OUT/pre-$sport.jsonl" 2>&1)"
  nx gw conntrack -L -p tcp --sport "$sport" 2>/dev/null | grep -q "CLOSE src=10.1.0.2 .*sport=${bound#*:} .*\[ASSURED\]" || die "expected a CLOSE entry for $sport: $(nx gw conntrack -L -p tcp 2>&1)"
done
syn_on_close() { # <case> <sport> <port the kernel sends it to>
  case_begin "$1" --snapshot reply-syn --from cl --src 10.1.0.2 --dst 10.9.9.9 -p tcp --sport "$2" --dport 80 --tcp-flags SYN
  echo 'a TCP SYN in the original direction of an entry in state CLOSE: the kernel reopens the connection when its close began with a FIN or with a RST from this side' >"$CASE_DIR/engine-unknown"
  sniff srv seg eth0 --proto tcp --port "$2"
  send cl tx segment --src 10.1.0.2 --sport "$2" --dst 10.9.9.9 --dport 80 --flags SYN
  sleep 0.3
  [ "$(result seg .dport)" = "$3" ] || die "the SYN of $2 did not go to $3: $(result seg .)"
  outcome delivered srv seg
  case_end
}
syn_on_close close-reset-by-server 40721 8090
syn_on_close close-reset-by-client 40722 8081
scenario_end
