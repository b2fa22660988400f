#!/bin/bash
# CT --notrack and NOTRACK in raw: the packet is UNTRACKED (-m conntrack --ctstate UNTRACKED,
# -m state --state UNTRACKED match), so the nat table never sees it and the DNAT rule that would
# catch it does nothing; a tracked packet of the same kind is DNATed.
. "$(dirname "$0")/../lib.sh"
line2
rules srv <<'RULES'
*raw
:PREROUTING ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
-A PREROUTING -p udp -m udp --dport 53 -j CT --notrack
-A PREROUTING -p udp -m udp --dport 54 -j NOTRACK
COMMIT
*nat
:PREROUTING ACCEPT [0:0]
:INPUT ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
:POSTROUTING ACCEPT [0:0]
-A PREROUTING -p udp -j DNAT --to-destination 10.1.0.1:5353
COMMIT
*filter
:INPUT ACCEPT [0:0]
:FORWARD ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
:HIT - [0:0]
-A INPUT -m conntrack --ctstate UNTRACKED -j HIT
-A INPUT -m state --state UNTRACKED -j HIT
-A INPUT -m conntrack --ctstate NEW -j HIT
-A INPUT -m conntrack --ctstate DNAT -j HIT
COMMIT
RULES

case_begin ct-notrack --from cl --src 10.1.0.2 --dst 10.1.0.1 -p udp --sport 42101 --dport 53
listen srv got udp --port 53
send cl tx udp --src 10.1.0.2 --sport 42101 --dst 10.1.0.1 --dport 53
outcome delivered srv got
case_end

case_begin notrack --snapshot ct-notrack --from cl --src 10.1.0.2 --dst 10.1.0.1 -p udp --sport 42102 --dport 54
listen srv got udp --port 54
send cl tx udp --src 10.1.0.2 --sport 42102 --dst 10.1.0.1 --dport 54
outcome delivered srv got
case_end

case_begin tracked --snapshot ct-notrack --from cl --src 10.1.0.2 --dst 10.1.0.1 -p udp --sport 42103 --dport 55
listen srv got udp --port 5353
send cl tx udp --src 10.1.0.2 --sport 42103 --dst 10.1.0.1 --dport 55
outcome delivered srv got
case_end
scenario_end
