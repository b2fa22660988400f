#!/bin/bash
# limit and hashlimit on a quiet flow: the first packet is within every limit, so `--limit`,
# `--hashlimit-upto` match and `--hashlimit-above` does not.
. "$(dirname "$0")/../lib.sh"
line3
rules gw <<'RULES'
*filter
:INPUT ACCEPT [0:0]
:FORWARD ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
:HIT - [0:0]
-A FORWARD -m limit --limit 5/sec --limit-burst 10 -j HIT
-A FORWARD -m hashlimit --hashlimit-upto 5/sec --hashlimit-burst 10 --hashlimit-mode srcip --hashlimit-name hp1 -j HIT
-A FORWARD -m hashlimit --hashlimit-above 5/sec --hashlimit-burst 10 --hashlimit-mode srcip,dstport --hashlimit-name hp2 -j HIT
COMMIT
RULES

case_begin first-packet --from cl --src 10.1.0.2 --dst 10.2.0.2 -p udp --sport 42301 --dport 53
listen srv got udp --port 53
send cl tx udp --src 10.1.0.2 --sport 42301 --dst 10.2.0.2 --dport 53
outcome delivered srv got
case_end
scenario_end
