#!/bin/bash
# -m owner in OUTPUT (the test sender runs as uid 0, gid 0, with a socket) and the targets that
# only observe and continue: LOG (silent here: nf_log_all_netns is 0, so a namespace other than
# the initial one does not log), NFLOG (nobody listens on the group) and TRACE.
. "$(dirname "$0")/../lib.sh"
line2
rules cl <<'RULES'
*raw
:PREROUTING ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
-A OUTPUT -p udp -m udp --dport 53 -j TRACE
COMMIT
*filter
:INPUT ACCEPT [0:0]
:FORWARD ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
:HIT - [0:0]
-A OUTPUT -m owner --uid-owner 0 -j HIT
-A OUTPUT -m owner --uid-owner 1000 -j HIT
-A OUTPUT -m owner ! --uid-owner 1000 -j HIT
-A OUTPUT -m owner --gid-owner 0 -j HIT
-A OUTPUT -m owner --socket-exists -j HIT
-A OUTPUT -j LOG --log-prefix "hookpath "
-A OUTPUT -j NFLOG --nflog-group 5
-A OUTPUT -j ACCEPT
COMMIT
RULES

case_begin owner --from cl --src 10.1.0.2 --dst 10.1.0.1 -p udp --sport 42201 --dport 53
listen srv got udp --port 53
send cl tx udp --src 10.1.0.2 --sport 42201 --dst 10.1.0.1 --dport 53
outcome delivered srv got
case_end
scenario_end
