#!/bin/bash
# CONNMARK --restore-mark/--save-mark with --nfmask/--ctmask, CONNMARK --set-mark value/mask, MARK,
# and the connmark and mark matches, on both directions of a forwarded connection: the request's
# mark is saved in the connection, the reply gets it back.
. "$(dirname "$0")/../lib.sh"
line3
rules gw <<'RULES'
*mangle
:PREROUTING ACCEPT [0:0]
:INPUT ACCEPT [0:0]
:FORWARD ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
:POSTROUTING ACCEPT [0:0]
:HIT - [0:0]
-A PREROUTING -j CONNMARK --restore-mark --nfmask 0xff --ctmask 0xff
-A PREROUTING -m mark --mark 0x0/0xff -j MARK --set-xmark 0x7/0xff
-A PREROUTING -m connmark --mark 0x0/0xff -j CONNMARK --save-mark --nfmask 0xff --ctmask 0xff
-A PREROUTING -m connmark --mark 0x7/0xff -j HIT
-A PREROUTING -m connmark ! --mark 0x7 -j HIT
-A PREROUTING -j CONNMARK --set-xmark 0x100/0xf00
-A PREROUTING -m connmark --mark 0x107 -j HIT
-A FORWARD -m mark --mark 0x7 -j HIT
-A FORWARD -m connmark --mark 0x100/0x100 -j HIT
-A POSTROUTING -j CONNMARK --save-mark
-A POSTROUTING -m connmark --mark 0x7 -j HIT
COMMIT
RULES

case_begin round-trip --from cl --src 10.1.0.2 --dst 10.2.0.2 -p tcp --sport 40001 --dport 80 --round-trip
listen srv acc tcp --port 80
send cl conn tcp --src 10.1.0.2 --sport 40001 --dst 10.2.0.2 --dport 80
[ "$(result conn .result)" = connected ] || die "connect: $(result conn .)"
outcome delivered srv acc
outcome --reply delivered cl conn
case_end
scenario_end
