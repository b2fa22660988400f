#!/bin/bash
# All five tables with every built-in chain, each with a rule that jumps to an empty chain, so the
# trace shows the order the kernel runs them in on each path: forwarded (PREROUTING raw, mangle,
# nat; FORWARD mangle, filter, security; POSTROUTING mangle, nat), delivered locally (INPUT
# mangle, filter, security, nat) and sent locally (OUTPUT raw, mangle, nat, filter, security,
# then POSTROUTING).
. "$(dirname "$0")/../lib.sh"
line3
rules gw <<'RULES'
*raw
:PREROUTING ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
:T - [0:0]
-A PREROUTING -p udp -j T
-A OUTPUT -p udp -j T
COMMIT
*mangle
:PREROUTING ACCEPT [0:0]
:INPUT ACCEPT [0:0]
:FORWARD ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
:POSTROUTING ACCEPT [0:0]
:T - [0:0]
-A PREROUTING -p udp -j T
-A INPUT -p udp -j T
-A FORWARD -p udp -j T
-A OUTPUT -p udp -j T
-A POSTROUTING -p udp -j T
COMMIT
*nat
:PREROUTING ACCEPT [0:0]
:INPUT ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
:POSTROUTING ACCEPT [0:0]
:T - [0:0]
-A PREROUTING -p udp -j T
-A INPUT -p udp -j T
-A OUTPUT -p udp -j T
-A POSTROUTING -p udp -j T
COMMIT
*filter
:INPUT ACCEPT [0:0]
:FORWARD ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
:T - [0:0]
-A INPUT -p udp -j T
-A FORWARD -p udp -j T
-A OUTPUT -p udp -j T
COMMIT
*security
:INPUT ACCEPT [0:0]
:FORWARD ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
:T - [0:0]
-A INPUT -p udp -j T
-A FORWARD -p udp -j T
-A OUTPUT -p udp -j T
COMMIT
RULES

case_begin forwarded --from cl --src 10.1.0.2 --dst 10.2.0.2 -p udp --sport 42601 --dport 53
listen srv got udp --port 53
send cl tx udp --src 10.1.0.2 --sport 42601 --dst 10.2.0.2 --dport 53
outcome delivered srv got
case_end

case_begin input --snapshot forwarded --from cl --src 10.1.0.2 --dst 10.1.0.1 -p udp --sport 42602 --dport 53
listen gw got udp --port 53
send cl tx udp --src 10.1.0.2 --sport 42602 --dst 10.1.0.1 --dport 53
outcome delivered gw got
case_end

case_begin output --snapshot forwarded --from gw --src 10.2.0.1 --dst 10.2.0.2 -p udp --sport 42603 --dport 53
listen srv got udp --port 53
send gw tx udp --src 10.2.0.1 --sport 42603 --dst 10.2.0.2 --dport 53
outcome delivered srv got
case_end
scenario_end
