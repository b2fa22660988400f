#!/bin/bash
# Conntrack zones: `-j CT --zone 7` (raw) puts a packet in zone 7, where it is looked up and
# tracked apart from zone 0. cl sends the same udp tuple twice before the capture: unmarked (zone
# 0) while its nat OUTPUT chain is empty, then with mark 0x7 (zone 7) after a DNAT rule was added.
# `conntrack -L` then lists two entries that differ only by their zone (`zone=7` on the second):
# zone 0 without NAT, zone 7 DNATed to port 7001. A later packet of the tuple follows the entry of
# its own zone and skips the nat table (both entries are confirmed, unreplied: state NEW).
#
#   cl 10.1.0.2/24 eth0 --- eth0 srv 10.1.0.1/24 (udp 7000 and 7001 listening, no answer)
. "$(dirname "$0")/../lib.sh"
line2
rules cl <<'RULES'
*raw
:PREROUTING ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
-A OUTPUT -m mark --mark 0x7 -j CT --zone 7
COMMIT
*nat
:PREROUTING ACCEPT [0:0]
:INPUT ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
:POSTROUTING ACCEPT [0:0]
COMMIT
*filter
:INPUT ACCEPT [0:0]
:FORWARD ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
:HIT - [0:0]
-A OUTPUT -m conntrack --ctstate NEW -j HIT
-A OUTPUT -m conntrack --ctstate DNAT -j HIT
COMMIT
RULES

# Before the capture: the zone-0 entry (no NAT), then the rule, then the zone-7 entry (DNAT).
nx cl "$PY" "$CONF_DIR/tools/flow.py" send udp --src 10.1.0.2 --sport 5555 --dst 10.1.0.1 --dport 7000 --out "$OUT/pre-zone0.jsonl"
nx cl iptables -t nat -A OUTPUT -d 10.1.0.1/32 -p udp -m udp --dport 7000 -j DNAT --to-destination 10.1.0.1:7001
nx cl "$PY" "$CONF_DIR/tools/flow.py" send udp --src 10.1.0.2 --sport 5555 --dst 10.1.0.1 --dport 7000 --mark 0x7 --out "$OUT/pre-zone7.jsonl"
[ "$(nx cl conntrack -L -p udp --sport 5555 2>/dev/null | grep -c 'zone=7')" = 1 ] || die "expected one zone-7 entry: $(nx cl conntrack -L -p udp 2>&1)"
[ "$(nx cl conntrack -L -p udp --sport 5555 2>/dev/null | grep -c 'sport=5555')" = 2 ] || die "expected two entries of the tuple: $(nx cl conntrack -L -p udp 2>&1)"

# Zone 0: the entry without NAT; the DNAT rule is not consulted (the entry is confirmed).
case_begin zone0 --from cl --src 10.1.0.2 --dst 10.1.0.1 -p udp --sport 5555 --dport 7000
listen srv p7000 udp --port 7000
listen srv p7001 udp --port 7001
send cl tx udp --src 10.1.0.2 --sport 5555 --dst 10.1.0.1 --dport 7000
outcome delivered srv p7000
[ -s "$CASE_DIR/p7001.jsonl" ] && die "the zone-0 packet reached port 7001"
case_end

# Zone 7 (mark 0x7): the zoned entry's DNAT to 7001, again without the nat table.
case_begin zone7 --snapshot zone0 --from cl --src 10.1.0.2 --dst 10.1.0.1 -p udp --sport 5555 --dport 7000 --mark 0x7
listen srv p7000 udp --port 7000
listen srv p7001 udp --port 7001
send cl tx udp --src 10.1.0.2 --sport 5555 --dst 10.1.0.1 --dport 7000 --mark 0x7
outcome delivered srv p7001
[ -s "$CASE_DIR/p7000.jsonl" ] && die "the zone-7 packet reached port 7000"
case_end

# Zone 7, another source port: no entry in zone 7, so a new connection whose nat table DNATs it.
case_begin zone7-new --snapshot zone0 --from cl --src 10.1.0.2 --dst 10.1.0.1 -p udp --sport 5556 --dport 7000 --mark 0x7
listen srv p7001 udp --port 7001
send cl tx udp --src 10.1.0.2 --sport 5556 --dst 10.1.0.1 --dport 7000 --mark 0x7
outcome delivered srv p7001
case_end
scenario_end
