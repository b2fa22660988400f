#!/bin/bash
# REDIRECT: in PREROUTING the new destination is the first (primary) address of the arrival
# interface, whatever address the client used (here the secondary 10.1.0.9); in OUTPUT it is
# 127.0.0.1. The reply is translated back to the address and port the client asked for.
. "$(dirname "$0")/../lib.sh"
line2
addr srv eth0 10.1.0.9/24
rules srv <<'RULES'
*nat
:PREROUTING ACCEPT [0:0]
:INPUT ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
:POSTROUTING ACCEPT [0:0]
-A PREROUTING -p tcp -m tcp --dport 80 -j REDIRECT --to-ports 8080
-A OUTPUT -p tcp -m tcp --dport 81 -j REDIRECT --to-ports 8081
COMMIT
RULES

case_begin prerouting --from cl --src 10.1.0.2 --dst 10.1.0.9 -p tcp --sport 41701 --dport 80 --round-trip
listen srv acc tcp --port 8080
send cl conn tcp --src 10.1.0.2 --sport 41701 --dst 10.1.0.9 --dport 80
[ "$(result conn .result)" = connected ] || die "connect: $(result conn .)"
outcome delivered srv acc
outcome --reply delivered cl conn
case_end

case_begin output --snapshot prerouting --from srv --src 10.1.0.1 --dst 10.1.0.2 -p tcp --sport 41702 --dport 81
listen srv acc tcp --port 8081
send srv conn tcp --src 10.1.0.1 --sport 41702 --dst 10.1.0.2 --dport 81
[ "$(result conn .result)" = connected ] || die "connect: $(result conn .)"
outcome delivered srv acc
case_end
scenario_end
