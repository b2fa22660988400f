#!/bin/bash
# ICMP errors from a server behind DNAT, traced back to the client (--round-trip). gw DNATs
# 10.9.9.9 to srv, srv REJECTs in INPUT. What the kernel taught:
# - The error leaves srv from the rejected packet's destination, 10.2.0.2 (icmp_send: the request
#   was for this host, so saddr = its daddr), quoting the request as srv received it.
# - On srv the error is RELATED already in OUTPUT, though the request's connection was never
#   confirmed: icmp_send attaches it to that connection (nf_ct_attach in icmp_glue_bits), so
#   conntrack does no lookup. It does not walk srv's nat table (nf_nat_ipv4_fn translates RELATED
#   ICMP errors and returns).
# - On gw the error is found by its quoted header (the inverted inner tuple is the reply tuple):
#   RELATED, and -m conntrack --ctstate RELATED matches it in FORWARD. In POSTROUTING
#   nf_nat_icmp_reply_translation undoes the DNAT in the quoted header (10.2.0.2:5353 ->
#   10.9.9.9:53) and in the outer source: the client gets the error from 10.9.9.9, not from srv.
# - A connected UDP socket gets ECONNREFUSED; port unreachable is 3/3, host prohibited 3/10.
# - Sent to srv's own address (no NAT), the other --reject-with types: icmp-net-unreachable 3/0,
#   icmp-host-unreachable 3/1, icmp-proto-unreachable 3/2, icmp-net-prohibited 3/9.
. "$(dirname "$0")/../lib.sh"
line3
rules gw <<'RULES'
*nat
:PREROUTING ACCEPT [0:0]
:INPUT ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
:POSTROUTING ACCEPT [0:0]
-A PREROUTING -d 10.9.9.9/32 -p udp -m udp --dport 53 -j DNAT --to-destination 10.2.0.2:5353
-A PREROUTING -d 10.9.9.9/32 -p tcp -m tcp --dport 80 -j DNAT --to-destination 10.2.0.2:8080
-A PREROUTING -d 10.9.9.9/32 -p icmp -j DNAT --to-destination 10.2.0.2
COMMIT
*filter
:INPUT ACCEPT [0:0]
:FORWARD DROP [0:0]
:OUTPUT ACCEPT [0:0]
-A FORWARD -m conntrack --ctstate NEW -j ACCEPT
-A FORWARD -m conntrack --ctstate ESTABLISHED -j ACCEPT
-A FORWARD -m conntrack --ctstate RELATED -j ACCEPT
COMMIT
RULES
rules srv <<'RULES'
*nat
:PREROUTING ACCEPT [0:0]
:INPUT ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
:POSTROUTING ACCEPT [0:0]
COMMIT
*filter
:INPUT ACCEPT [0:0]
:FORWARD ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
-A INPUT -p udp -m udp --dport 5353 -j REJECT --reject-with icmp-port-unreachable
-A INPUT -p tcp -m tcp --dport 8080 -j REJECT --reject-with icmp-host-prohibited
-A INPUT -p icmp -m icmp --icmp-type 8 -j REJECT --reject-with icmp-admin-prohibited
-A INPUT -p udp -m udp --dport 5400 -j REJECT --reject-with icmp-net-unreachable
-A INPUT -p udp -m udp --dport 5401 -j REJECT --reject-with icmp-host-unreachable
-A INPUT -p udp -m udp --dport 5402 -j REJECT --reject-with icmp-proto-unreachable
-A INPUT -p udp -m udp --dport 5409 -j REJECT --reject-with icmp-net-prohibited
-A OUTPUT -m conntrack --ctstate ESTABLISHED -j ACCEPT
-A OUTPUT -m conntrack --ctstate RELATED -j ACCEPT
COMMIT
RULES

ERRORS="icmp type { destination-unreachable, time-exceeded }"

TRACE_REP=$ERRORS case_begin port-unreachable --from cl --src 10.1.0.2 --dst 10.9.9.9 -p udp --sport 46001 --dport 53 --round-trip
sniff cl err eth0 --inbound --icmp-error
send cl tx udp --src 10.1.0.2 --sport 46001 --dst 10.9.9.9 --dport 53 --connect --wait 0.5
[ "$(result tx .errno)" = 111 ] || die "expected ECONNREFUSED from the port unreachable, got $(result tx .)"
outcome rejected srv IcmpOutDestUnreachs
outcome --reply delivered cl err
case_end

TRACE_REP=$ERRORS case_begin host-prohibited --snapshot port-unreachable --from cl --src 10.1.0.2 --dst 10.9.9.9 -p tcp --sport 46002 --dport 80 --round-trip
sniff cl err eth0 --inbound --icmp-error
send cl conn tcp --src 10.1.0.2 --sport 46002 --dst 10.9.9.9 --dport 80
[ "$(result conn .errno)" = 113 ] || die "expected EHOSTUNREACH from the host prohibited, got $(result conn .)"
outcome rejected srv IcmpOutDestUnreachs
outcome --reply delivered cl err
case_end

# An echo request: the error quotes it with its id; gw rewrites the quoted destination back to 10.9.9.9.
TRACE_REP=$ERRORS case_begin echo-admin-prohibited --snapshot port-unreachable --from cl --src 10.1.0.2 --dst 10.9.9.9 -p icmp --icmp-id 6003 --round-trip
sniff cl err eth0 --inbound --icmp-error
nx cl ping -c 1 -W 1 -e 6003 10.9.9.9 >/dev/null && die "the ping was answered"
outcome rejected srv IcmpOutDestUnreachs
outcome --reply delivered cl err
case_end

reject_type() { # <case> <dport> <sport>
  TRACE_REP=$ERRORS case_begin "$1" --snapshot port-unreachable --from cl --src 10.1.0.2 --dst 10.2.0.2 -p udp --sport "$3" --dport "$2" --round-trip
  sniff cl err eth0 --inbound --icmp-error
  send cl tx udp --src 10.1.0.2 --sport "$3" --dst 10.2.0.2 --dport "$2" --connect --wait 0.3
  outcome rejected srv IcmpOutDestUnreachs IcmpInDestUnreachs@cl
  outcome --reply delivered cl err
  case_end
}
reject_type net-unreachable 5400 46010
reject_type host-unreachable 5401 46011
reject_type proto-unreachable 5402 46012
reject_type net-prohibited 5409 46019
scenario_end
