#!/bin/bash
# Later packets of UDP and ICMP entries, and `-m conntrack --ctstatus` read from the entry's status
# as `conntrack -L` shows it. Before the capture cl sends:
#   udp 5001 -> srv:7001, never answered:        [UNREPLIED]
#   udp 5002 -> srv:7000, answered once:          replied, not [ASSURED]
#   udp 5003 -> srv:7000, answered, again 3 s later: [ASSURED]
#   ping id 7301 -> srv, answered;  ping id 7302 -> 10.2.0.3 (srv drops it), unanswered
# The next packet of each: NEW while the entry is unreplied (confirmed though: CONFIRMED matches),
# ESTABLISHED once it has seen a reply. nf_conntrack_proto_udp.c sets ASSURED on a packet of a
# replied entry whose first packet is over 2 s old, so 5002's next packet matches --ctstatus
# ASSURED although its captured line has no [ASSURED] (the entry had at least 3 s less than
# nf_conntrack_udp_timeout left: its reply was over 2 s before). ICMP entries are never ASSURED.
. "$(dirname "$0")/../lib.sh"
line3
rules gw <<'RULES'
*filter
:INPUT ACCEPT [0:0]
:FORWARD ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
:HIT - [0:0]
-A FORWARD -m conntrack --ctstate NEW -j HIT
-A FORWARD -m conntrack --ctstate ESTABLISHED -j HIT
-A FORWARD -m conntrack --ctstatus SEEN_REPLY -j HIT
-A FORWARD -m conntrack --ctstatus ASSURED -j HIT
-A FORWARD -m conntrack ! --ctstatus ASSURED -j HIT
-A FORWARD -m conntrack --ctstatus CONFIRMED -j HIT
-A FORWARD -m conntrack --ctstatus EXPECTED -j HIT
COMMIT
RULES
rules srv <<'RULES'
*filter
:INPUT ACCEPT [0:0]
:FORWARD ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
-A INPUT -d 10.2.0.3/32 -p icmp -j DROP
COMMIT
RULES
addr srv eth0 10.2.0.3/24
# Unreplied UDP and ICMP entries last 30 s by default; 120 s here, so that they outlive slow
# captures. The engine reads nf_conntrack_udp_timeout from the snapshot's sysctl.txt.
nx gw sysctl -qw net.netfilter.nf_conntrack_udp_timeout=120 net.netfilter.nf_conntrack_icmp_timeout=120 || die "cannot set the udp/icmp timeouts"

pre() { nx cl "$PY" "$CONF_DIR/tools/flow.py" send udp --src 10.1.0.2 --sport "$1" --dst 10.2.0.2 --dport "$2" --wait "$3" --out "$OUT/pre-$1.jsonl"; }
nx srv "$PY" "$CONF_DIR/tools/flow.py" listen udp --port 7000 --echo --out "$OUT/pre-echo.jsonl" &
echo_pid=$!
wait_for "$OUT/pre-echo.jsonl.ready" || die "echo listener did not start"
pre 5001 7001 0
pre 5002 7000 1
pre 5003 7000 1
nx cl ping -c 1 -W 1 -e 7301 10.2.0.2 >/dev/null || die "ping 7301 got no answer"
nx cl ping -c 1 -W 1 -e 7302 10.2.0.3 >/dev/null && die "ping 7302 was answered"
sleep 3
pre 5003 7000 1
kill "$echo_pid"
wait "$echo_pid" 2>/dev/null
for p in 5002 5003; do
  [ "$(jq -s 'map(select(.reply == true)) | length' "$OUT/pre-$p.jsonl")" -ge 1 ] || die "udp $p got no answer"
done
ct() { nx gw conntrack -L "$@" 2>/dev/null; }
ct -p udp --sport 5001 | grep -q UNREPLIED || die "5001 is not unreplied: $(ct -p udp)"
ct -p udp --sport 5002 | grep -q -e UNREPLIED -e ASSURED && die "5002 is not replied-only: $(ct -p udp)"
ct -p udp --sport 5003 | grep -q ASSURED || die "5003 is not assured: $(ct -p udp)"

udp_case() { # <case> <sport> <dport> [case_begin options]
  local id=$1 sport=$2 dport=$3
  shift 3
  case_begin "$id" "$@" --from cl --src 10.1.0.2 --dst 10.2.0.2 -p udp --sport "$sport" --dport "$dport"
  listen srv rx udp --port "$dport"
  send cl tx udp --src 10.1.0.2 --sport "$sport" --dst 10.2.0.2 --dport "$dport"
  outcome delivered srv rx
  case_end
}
udp_case udp-unreplied 5001 7001
udp_case udp-replied 5002 7000 --snapshot udp-unreplied
ct -p udp --sport 5002 | grep -q ASSURED || die "5002's packet did not make it ASSURED: $(ct -p udp)"
udp_case udp-assured 5003 7000 --snapshot udp-unreplied

case_begin icmp-replied --snapshot udp-unreplied --from cl --src 10.1.0.2 --dst 10.2.0.2 -p icmp --icmp-id 7301
listen srv echo icmp --id 7301
nx cl ping -c 1 -W 1 -e 7301 10.2.0.2 >/dev/null || die "ping 7301"
outcome delivered srv echo
case_end

case_begin icmp-unreplied --snapshot udp-unreplied --from cl --src 10.1.0.2 --dst 10.2.0.3 -p icmp --icmp-id 7302
nx cl ping -c 1 -W 1 -e 7302 10.2.0.3 >/dev/null && die "ping 7302 was answered"
outcome dropped srv RULE
case_end
scenario_end
