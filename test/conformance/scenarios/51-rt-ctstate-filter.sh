#!/bin/bash
# A stateful firewall on a router (FORWARD policy DROP): the request passes as NEW to port 80, the
# reply passes only as ESTABLISHED (conntrack saw the request, so the reply's ctstate is
# ESTABLISHED, not NEW). A request to another port is dropped by the policy.
. "$(dirname "$0")/../lib.sh"
line3
rules gw <<'RULES'
*filter
:INPUT ACCEPT [0:0]
:FORWARD DROP [0:0]
:OUTPUT ACCEPT [0:0]
-A FORWARD -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT
-A FORWARD -i eth0 -o eth1 -p tcp -m conntrack --ctstate NEW -m tcp --dport 80 -j ACCEPT
-A FORWARD -m conntrack --ctstate INVALID -j DROP
COMMIT
RULES

case_begin allowed --from cl --src 10.1.0.2 --dst 10.2.0.2 -p tcp --sport 45101 --dport 80 --round-trip
listen srv acc tcp --port 80
send cl conn tcp --src 10.1.0.2 --sport 45101 --dst 10.2.0.2 --dport 80
[ "$(result conn .result)" = connected ] || die "connect: $(result conn .)"
outcome delivered srv acc
outcome --reply delivered cl conn
case_end

case_begin blocked --snapshot allowed --from cl --src 10.1.0.2 --dst 10.2.0.2 -p tcp --sport 45102 --dport 81
listen srv acc81 tcp --port 81
send cl conn tcp --src 10.1.0.2 --sport 45102 --dst 10.2.0.2 --dport 81
[ "$(result conn .result)" = connected ] && die "port 81 should be blocked"
outcome dropped gw POLICY
case_end
scenario_end
