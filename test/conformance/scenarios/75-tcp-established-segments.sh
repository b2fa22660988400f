#!/bin/bash
# Segments on the tuple of an ESTABLISHED, ASSURED, DNATed connection, checked by conntrack before
# any sequence number is (nf_conntrack_proto_tcp.c): a SYN from the client is ignored (sIG: it
# passes with the entry, ESTABLISHED, and the entry's DNAT); a SYN,ACK from the client, a SYN from
# the server (sIV in the state table) and a FIN without ACK (tcp_error: invalid flag combination)
# are INVALID and dropped by `--ctstate INVALID -j DROP`. The connection is held open by two
# processes during the capture and the cases; the segments come from raw sockets.
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
-A FORWARD -m conntrack --ctstate INVALID -j DROP
-A FORWARD -m conntrack --ctstatus ASSURED -j HIT
-A FORWARD -m conntrack --ctstate ESTABLISHED -j HIT
-A FORWARD -m conntrack --ctstate DNAT -j HIT
COMMIT
RULES
nx gw ip route add 10.9.9.9/32 via 10.2.0.2

bg nx srv "$PY" -c '
import socket, time
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1); s.bind(("0.0.0.0", 8080)); s.listen(4)
open("'"$OUT"'/held-srv", "w").write("ready\n")
c, _ = s.accept(); time.sleep(60)'
wait_for "$OUT/held-srv" || die "the server did not start"
bg nx cl "$PY" -c '
import socket, time
s = socket.socket(); s.bind(("10.1.0.2", 40730)); s.connect(("10.9.9.9", 80))
open("'"$OUT"'/held-cl", "w").write("connected\n"); time.sleep(60)'
wait_for "$OUT/held-cl" || die "the client did not connect"
sleep 0.2
nx gw conntrack -L -p tcp --sport 40730 2>/dev/null | grep -q 'ESTABLISHED .*sport=8080 .*\[ASSURED\]' || die "expected an ASSURED ESTABLISHED entry: $(nx gw conntrack -L 2>&1)"

# The client's SYN: ignored by conntrack, so ESTABLISHED and translated by the entry.
case_begin client-syn --from cl --src 10.1.0.2 --dst 10.9.9.9 -p tcp --sport 40730 --dport 80 --tcp-flags SYN
sniff srv seg eth0 --proto tcp --port 40730
send cl tx segment --src 10.1.0.2 --sport 40730 --dst 10.9.9.9 --dport 80 --flags SYN
sleep 0.3
[ "$(result seg .tcpFlags)" = 2 ] || die "the first segment srv saw is not the SYN: $(result seg .)"
outcome delivered srv seg
case_end

invalid() { # <case> <from> <src> <sport> <dst> <dport> <flags>
  case_begin "$1" --snapshot client-syn --from "$2" --src "$3" --dst "$5" -p tcp --sport "$4" --dport "$6" --tcp-flags "$7"
  local peer=srv
  [ "$2" = srv ] && peer=cl
  sniff "$peer" seg eth0 --proto tcp --port "$4"
  send "$2" tx segment --src "$3" --sport "$4" --dst "$5" --dport "$6" --flags "$7"
  sleep 0.3
  grep -q "\"tcpFlags\": $(jq -n --arg f "$7" '[{"FIN":1,"SYN":2,"RST":4,"ACK":16}[($f|split(","))[]]]|add')[,}]" "$CASE_DIR/seg.jsonl" 2>/dev/null &&
    die "the $7 segment got through gw"
  outcome dropped gw RULE
  case_end
}
invalid client-synack cl 10.1.0.2 40730 10.9.9.9 80 SYN,ACK
invalid server-syn srv 10.2.0.2 8080 10.1.0.2 40730 SYN
invalid client-fin cl 10.1.0.2 40730 10.9.9.9 80 FIN
nx gw conntrack -L -p tcp --sport 40730 2>/dev/null | grep -q ESTABLISHED || die "the entry did not stay ESTABLISHED: $(nx gw conntrack -L 2>&1)"
scenario_end
