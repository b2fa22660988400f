#!/bin/bash
# SNAT/DNAT/MASQUERADE options, one udp port per rule: address ranges (the kernel picks the address
# by a hash of the tuple, not the first one), --persistent, port ranges (a source port already in
# the range and unique is kept; DNAT to another port), --random / --random-fully (random ports:
# only the addresses are compared), MASQUERADE --to-ports.
#
#   cl 10.1.0.2/24 --- gw --- srv 10.2.0.2/24 + 10.2.0.3/24 + 10.2.0.4/24 (any DNAT target answers)
. "$(dirname "$0")/../lib.sh"
line3
addr srv eth0 10.2.0.3/24 10.2.0.4/24
rules gw <<'RULES'
*nat
:PREROUTING ACCEPT [0:0]
:INPUT ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
:POSTROUTING ACCEPT [0:0]
-A PREROUTING -d 10.9.0.1/32 -p udp -m udp --dport 2001 -j DNAT --to-destination 10.2.0.2:5353
-A PREROUTING -d 10.9.0.1/32 -p udp -m udp --dport 2002 -j DNAT --to-destination 10.2.0.2-10.2.0.4
-A PREROUTING -d 10.9.0.1/32 -p udp -m udp --dport 2003 -j DNAT --to-destination 10.2.0.2-10.2.0.4 --persistent
-A POSTROUTING -p udp -m udp --dport 1001 -j SNAT --to-source 10.2.0.10-10.2.0.12
-A POSTROUTING -p udp -m udp --dport 1002 -j SNAT --to-source 10.2.0.10-10.2.0.12 --persistent
-A POSTROUTING -p udp -m udp --dport 1003 -j SNAT --to-source 10.2.0.20:40000-40100
-A POSTROUTING -p udp -m udp --dport 1004 -j SNAT --to-source 10.2.0.21 --random
-A POSTROUTING -p udp -m udp --dport 1005 -o eth1 -j MASQUERADE --to-ports 40000-40100
-A POSTROUTING -p udp -m udp --dport 1006 -o eth1 -j MASQUERADE --random-fully
COMMIT
RULES

udp_case() { # <case> <dst> <sport> <dport> <listen-port> [--addresses-only] [--snapshot ...]
  local c=$1 dst=$2 sport=$3 dport=$4 lport=$5
  shift 5
  local only=""
  [ "${1:-}" = --addresses-only ] && only=--addresses-only && shift
  case_begin "$c" "$@" --from cl --src 10.1.0.2 --dst "$dst" -p udp --sport "$sport" --dport "$dport"
  listen srv got udp --port "$lport"
  send cl tx udp --src 10.1.0.2 --sport "$sport" --dst "$dst" --dport "$dport"
  outcome delivered srv got $only
  case_end
}
udp_case dnat-port 10.9.0.1 42001 2001 5353
udp_case dnat-range 10.9.0.1 42002 2002 2002 --snapshot dnat-port
udp_case dnat-range-persistent 10.9.0.1 42003 2003 2003 --snapshot dnat-port
udp_case snat-range 10.2.0.2 42004 1001 1001 --snapshot dnat-port
udp_case snat-range-persistent 10.2.0.2 42005 1002 1002 --snapshot dnat-port
udp_case snat-port-range-kept 10.2.0.2 40050 1003 1003 --snapshot dnat-port
udp_case snat-random 10.2.0.2 42007 1004 1004 --addresses-only --snapshot dnat-port
udp_case masquerade-to-ports-kept 10.2.0.2 40060 1005 1005 --snapshot dnat-port
udp_case masquerade-random-fully 10.2.0.2 42009 1006 1006 --addresses-only --snapshot dnat-port
scenario_end
