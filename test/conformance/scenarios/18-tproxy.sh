#!/bin/bash
# TPROXY: mangle PREROUTING hands a forwarded-looking TCP SYN to a transparent listener on the
# router (--on-port 9000) and marks it; the fwmark rule's table routes everything locally, so the
# packet is delivered with its original destination, which is what the accepted socket sees as
# its local address.
. "$(dirname "$0")/../lib.sh"
line3
nx gw ip rule add fwmark 0x1/0x1 lookup 100 pref 100
nx gw ip route add local 0.0.0.0/0 dev lo table 100
rules gw <<'RULES'
*mangle
:PREROUTING ACCEPT [0:0]
:INPUT ACCEPT [0:0]
:FORWARD ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
:POSTROUTING ACCEPT [0:0]
-A PREROUTING -p tcp -m tcp --dport 80 -j TPROXY --on-port 9000 --on-ip 0.0.0.0 --tproxy-mark 0x1/0x1
COMMIT
RULES

case_begin tproxy --from cl --src 10.1.0.2 --dst 10.2.0.2 -p tcp --sport 41801 --dport 80
listen gw acc tcp --port 9000 --transparent
send cl conn tcp --src 10.1.0.2 --sport 41801 --dst 10.2.0.2 --dport 80
[ "$(result conn .result)" = connected ] || die "connect: $(result conn .)"
outcome delivered gw acc
case_end
scenario_end
