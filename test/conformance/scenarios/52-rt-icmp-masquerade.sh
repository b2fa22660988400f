#!/bin/bash
# ICMP echo round trip through MASQUERADE: the echo request leaves the router with the address of
# its egress interface, the echo reply (type 0, same id) matches the connection and is de-NATed
# back to the client.
. "$(dirname "$0")/../lib.sh"
line3
rules gw <<'RULES'
*nat
:PREROUTING ACCEPT [0:0]
:INPUT ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
:POSTROUTING ACCEPT [0:0]
-A POSTROUTING -s 10.1.0.0/24 -o eth1 -j MASQUERADE
COMMIT
RULES

case_begin ping --from cl --src 10.1.0.2 --dst 10.2.0.2 -p icmp --icmp-id 5201 --round-trip
listen srv req icmp --id 5201
listen cl rep icmp --id 5201
nx cl ping -c 1 -W 1 -e 5201 10.2.0.2 >/dev/null || die "the ping got no reply"
outcome delivered srv req
outcome --reply delivered cl rep
case_end
scenario_end
