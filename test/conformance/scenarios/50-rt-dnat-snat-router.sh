#!/bin/bash
# Round trip through a router that DNATs and SNATs one connection: the request is DNATed in
# PREROUTING and SNATed in POSTROUTING; the reply matches the connection's reply tuple, skips the
# nat table (only a connection's first packet walks it) and gets both translations reversed: the
# client sees the address and port it connected to. (The SNAT keeps the port: the trace table
# selects the reply by the client port.)
. "$(dirname "$0")/../lib.sh"
line3
rules gw <<'RULES'
*nat
:PREROUTING ACCEPT [0:0]
:INPUT ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
:POSTROUTING ACCEPT [0:0]
-A PREROUTING -d 10.9.9.9/32 -p tcp -m tcp --dport 80 -j DNAT --to-destination 10.2.0.2:8080
-A POSTROUTING -o eth1 -p tcp -m tcp --dport 8080 -j SNAT --to-source 10.2.0.1
COMMIT
*filter
:INPUT ACCEPT [0:0]
:FORWARD ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
COMMIT
RULES

case_begin dnat-snat --from cl --src 10.1.0.2 --dst 10.9.9.9 -p tcp --sport 45001 --dport 80 --round-trip
listen srv acc tcp --port 8080
send cl conn tcp --src 10.1.0.2 --sport 45001 --dst 10.9.9.9 --dport 80
[ "$(result conn .result)" = connected ] || die "connect: $(result conn .)"
outcome delivered srv acc
outcome --reply delivered cl conn
case_end
scenario_end
