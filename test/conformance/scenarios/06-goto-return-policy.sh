#!/bin/bash
# User chains: -j (return to the caller), -g (a RETURN or the end of the chain goes back to the
# caller's caller), an explicit RETURN (xtables-monitor prints its raw verdict, 0xfffffffb)
# versus falling off a user chain (not traced), RETURN in a built-in chain (the policy applies),
# a DROP rule and a DROP policy.
. "$(dirname "$0")/../lib.sh"
line2
rules srv <<'RULES'
*filter
:INPUT DROP [0:0]
:FORWARD ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
:A - [0:0]
:B - [0:0]
:C - [0:0]
:HIT - [0:0]
-A INPUT -p udp -m udp --dport 9 -j RETURN
-A INPUT -p udp -m udp --dport 10 -j DROP
-A INPUT -p tcp -j A
-A INPUT -p tcp -m tcp --dport 81 -j ACCEPT
-A INPUT -p icmp -j ACCEPT
-A A -j HIT
-A A -p tcp -m tcp --dport 80 -g B
-A A -p tcp -m tcp --dport 81 -g B
-A A -j HIT
-A B -p tcp -m tcp --dport 80 -j C
-A B -p tcp -m tcp --dport 81 -j RETURN
-A B -j HIT
-A C -j RETURN
COMMIT
RULES

# 80: INPUT -> A -> goto B -> C (explicit RETURN) -> back in B, falls off B: back in INPUT (not
# A), where nothing matches: policy DROP.
case_begin goto-fall-off --from cl --src 10.1.0.2 --dst 10.1.0.1 -p tcp --sport 40001 --dport 80
listen srv acc tcp --port 80
send cl conn tcp --src 10.1.0.2 --sport 40001 --dst 10.1.0.1 --dport 80 --timeout 0.4
[ "$(result conn .result)" = timeout ] || die "expected a timeout, got $(result conn .result)"
outcome dropped srv POLICY IpInReceives '!TcpPassiveOpens'
case_end

# 81: goto B, whose RETURN goes back to INPUT, where the next rule accepts.
case_begin goto-return --snapshot goto-fall-off --from cl --src 10.1.0.2 --dst 10.1.0.1 -p tcp --sport 40002 --dport 81
listen srv acc tcp --port 81
send cl conn tcp --src 10.1.0.2 --sport 40002 --dst 10.1.0.1 --dport 81
outcome delivered srv acc
case_end

# udp 10: an explicit DROP rule.
case_begin drop-rule --snapshot goto-fall-off --from cl --src 10.1.0.2 --dst 10.1.0.1 -p udp --sport 40004 --dport 10
listen srv got udp --port 10
send cl tx udp --src 10.1.0.2 --sport 40004 --dst 10.1.0.1 --dport 10
sleep 0.1
[ ! -s "$CASE_DIR/got.jsonl" ] || die "the datagram was delivered"
outcome dropped srv RULE IpInReceives
case_end

# udp 9: RETURN from the built-in chain: its policy (DROP) decides.
case_begin builtin-return --snapshot goto-fall-off --from cl --src 10.1.0.2 --dst 10.1.0.1 -p udp --sport 40003 --dport 9
listen srv got udp --port 9
send cl tx udp --src 10.1.0.2 --sport 40003 --dst 10.1.0.1 --dport 9
sleep 0.1
[ ! -s "$CASE_DIR/got.jsonl" ] || die "the datagram was delivered"
outcome dropped srv POLICY IpInReceives
case_end
scenario_end
