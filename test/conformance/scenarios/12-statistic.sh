#!/bin/bash
# -m statistic: nth mode on freshly loaded rules and random mode at the two deterministic
# probabilities, 1 and 0.
# Kernel: xt_statistic matches when its counter wraps from --every-1 to 0, and iptables
# (libxt_statistic) starts the counter at every-1-packet, so the first packet evaluated matches
# exactly when --packet is 0 (`--every 3 --packet 0` matches, `--every 2 --packet 1` does not).
. "$(dirname "$0")/../lib.sh"
line3
rules gw <<'RULES'
*filter
:INPUT ACCEPT [0:0]
:FORWARD ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
:HIT - [0:0]
-A FORWARD -m statistic --mode nth --every 2 --packet 1 -j HIT
-A FORWARD -m statistic --mode nth --every 3 --packet 0 -j HIT
-A FORWARD -m statistic --mode nth --every 3 --packet 2 -j HIT
-A FORWARD -m statistic --mode random --probability 1.00000000000 -j HIT
-A FORWARD -m statistic --mode random --probability 0.00000000000 -j HIT
COMMIT
RULES

case_begin first-packet --from cl --src 10.1.0.2 --dst 10.2.0.2 -p icmp --icmp-id 1212
listen srv echo icmp --id 1212
nx cl ping -c 1 -W 1 -e 1212 10.2.0.2 >/dev/null || die "ping"
outcome delivered srv echo
case_end
scenario_end
