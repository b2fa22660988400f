#!/bin/bash
# -m conntrack (--ctstate, --ctstatus, --ctdir, --ctorigdst, --ctorigdstport, --ctproto) and
# -m state on both directions of a DNATed connection. In FORWARD the first packet's connection is
# not CONFIRMED yet (conntrack confirms it at the end of POSTROUTING); the reply sees SEEN_REPLY
# (set when conntrack in PREROUTING accepts the reply) but not yet ASSURED (that comes with the
# third packet of the handshake). DNAT and SNAT are --ctstate values (iptables refuses them in
# --ctstatus, whose values are NONE, EXPECTED, SEEN_REPLY, ASSURED, CONFIRMED).
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
-A FORWARD -m conntrack --ctstate NEW -j HIT
-A FORWARD -m conntrack --ctstate ESTABLISHED -j HIT
-A FORWARD -m conntrack --ctstate RELATED,ESTABLISHED -j HIT
-A FORWARD -m conntrack ! --ctstate NEW -j HIT
-A FORWARD -m conntrack --ctstate INVALID,UNTRACKED -j HIT
-A FORWARD -m state --state NEW -j HIT
-A FORWARD -m state --state ESTABLISHED -j HIT
-A FORWARD -m conntrack --ctstatus NONE -j HIT
-A FORWARD -m conntrack --ctstatus SEEN_REPLY -j HIT
-A FORWARD -m conntrack ! --ctstatus SEEN_REPLY -j HIT
-A FORWARD -m conntrack --ctstatus ASSURED -j HIT
-A FORWARD -m conntrack --ctstatus CONFIRMED -j HIT
-A FORWARD -m conntrack --ctdir ORIGINAL -j HIT
-A FORWARD -m conntrack --ctdir REPLY -j HIT
-A FORWARD -m conntrack --ctorigdst 10.9.9.9 -j HIT
-A FORWARD -m conntrack --ctorigdst 10.2.0.2 -j HIT
-A FORWARD -m conntrack ! --ctorigdst 10.9.9.0/24 -j HIT
-A FORWARD -m conntrack --ctproto tcp --ctorigdstport 80 -j HIT
-A FORWARD -m conntrack --ctstate NEW --ctdir ORIGINAL --ctorigdst 10.9.9.9 -j HIT
-A FORWARD -m conntrack --ctstate DNAT -j HIT
-A FORWARD -m conntrack --ctstate SNAT -j HIT
COMMIT
RULES

case_begin dnat-round-trip --from cl --src 10.1.0.2 --dst 10.9.9.9 -p tcp --sport 40001 --dport 80 --round-trip
listen srv acc tcp --port 8080
send cl conn tcp --src 10.1.0.2 --sport 40001 --dst 10.9.9.9 --dport 80
[ "$(result conn .result)" = connected ] || die "connect: $(result conn .)"
outcome delivered srv acc
outcome --reply delivered cl conn
case_end
scenario_end
