#!/bin/bash
# A conntrack entry whose directions are in different zones: `-j CT --zone-orig 5` (raw) puts only
# the original tuple in zone 5, and `conntrack -L` prints `zone-orig=5` inside that tuple; the
# reply tuple stays in zone 0. cl sends udp 5555 -> srv:7000 with mark 0x5 before the capture,
# while its nat OUTPUT chain is empty, then a DNAT rule to 7001 is added.
# Kernel: a lookup compares the packet's zone with the zone of the tuple it finds
# (nf_ct_zone_equal per direction). So the same tuple unmarked (zone 0) misses the entry: a new
# connection, DNATed to 7001. An answer from srv:7000 (zone 0) finds the entry's reply tuple:
# ESTABLISHED, in the reply direction.
#
#   cl 10.1.0.2/24 eth0 --- eth0 srv 10.1.0.1/24
. "$(dirname "$0")/../lib.sh"
line2
rules cl <<'RULES'
*raw
:PREROUTING ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
-A OUTPUT -m mark --mark 0x5 -j CT --zone-orig 5
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
-A INPUT -m conntrack --ctstate ESTABLISHED --ctdir REPLY -j HIT
-A OUTPUT -m conntrack --ctstate NEW -j HIT
-A OUTPUT -m conntrack --ctstate DNAT -j HIT
COMMIT
RULES

# the unreplied entry outlives slow captures (30 s by default)
nx cl sysctl -qw net.netfilter.nf_conntrack_udp_timeout=120 || die "cannot set nf_conntrack_udp_timeout"
nx cl "$PY" "$CONF_DIR/tools/flow.py" send udp --src 10.1.0.2 --sport 5555 --dst 10.1.0.1 --dport 7000 --mark 0x5 --out "$OUT/pre-zone5.jsonl"
nx cl iptables -t nat -A OUTPUT -d 10.1.0.1/32 -p udp -m udp --dport 7000 -j DNAT --to-destination 10.1.0.1:7001
nx cl conntrack -L -p udp --sport 5555 2>/dev/null | grep -q 'dport=7000 zone-orig=5 \[UNREPLIED\] src=10.1.0.1 dst=10.1.0.2 sport=7000 dport=5555 mark=0 use' ||
  die "expected one entry with zone-orig=5: $(nx cl conntrack -L -p udp 2>&1)"

# Unmarked: zone 0 has no original tuple of the entry, so a new connection, DNATed to 7001.
case_begin zone0 --from cl --src 10.1.0.2 --dst 10.1.0.1 -p udp --sport 5555 --dport 7000
listen srv p7000 udp --port 7000
listen srv p7001 udp --port 7001
send cl tx udp --src 10.1.0.2 --sport 5555 --dst 10.1.0.1 --dport 7000
outcome delivered srv p7001
[ -s "$CASE_DIR/p7000.jsonl" ] && die "the zone-0 packet reached port 7000"
case_end

# srv's answer from 7000, in zone 0 like the entry's reply tuple: ESTABLISHED, reply direction.
case_begin reply --snapshot zone0 --from srv --src 10.1.0.1 --dst 10.1.0.2 -p udp --sport 7000 --dport 5555
listen cl rx udp --port 5555
send srv tx udp --src 10.1.0.1 --sport 7000 --dst 10.1.0.2 --dport 5555
outcome delivered cl rx
case_end
scenario_end
