#!/bin/bash
# REDIRECT on a router (a transparent proxy's port capture): a connection to a server behind the
# router is redirected to a local port of the router; the router's answer leaves with the
# server's address and port restored, so the client believes it talks to the server.
. "$(dirname "$0")/../lib.sh"
line3
rules gw <<'RULES'
*nat
:PREROUTING ACCEPT [0:0]
:INPUT ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
:POSTROUTING ACCEPT [0:0]
-A PREROUTING -i eth0 -p tcp -m tcp --dport 80 -j REDIRECT --to-ports 3128
COMMIT
*filter
:INPUT ACCEPT [0:0]
:FORWARD ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
-A INPUT -p tcp -m tcp --dport 3128 -m conntrack --ctstate DNAT -j ACCEPT
COMMIT
RULES

case_begin redirect --from cl --src 10.1.0.2 --dst 10.2.0.2 -p tcp --sport 45301 --dport 80 --round-trip
listen gw proxy tcp --port 3128
send cl conn tcp --src 10.1.0.2 --sport 45301 --dst 10.2.0.2 --dport 80
[ "$(result conn .result)" = connected ] || die "connect: $(result conn .)"
outcome delivered gw proxy
outcome --reply delivered cl conn
case_end
scenario_end
