#!/bin/bash
# An OVN ACL on ovn-default (a kube-ovn Subnet ACL) drops a pod's TCP to the node's join IP port
# 8080, which the node's netfilter would accept (filter INPUT: ovn40subnets src); the same flow to
# port 8081 passes OVN and is delivered on the node. The stand-in drops what the ACL drops.
EXTRA_NB='nb --id=@a create ACL direction=from-lport priority=2000 "match=\"ip4.dst == 100.64.0.3 && tcp.dst == 8080\"" action=drop external_ids:vendor=kube-ovn external_ids:subnet=ovn-default -- add Logical_Switch ovn-default acls @a >/dev/null'
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/default-vpc-setup.sh"
rules ovn <<'RULES'
*filter
:INPUT ACCEPT [0:0]
:FORWARD ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
-A FORWARD -d 100.64.0.3/32 -p tcp -m tcp --dport 8080 -j DROP
COMMIT
RULES

case_begin acl-drop --from pod --src 10.16.0.10 --dst 100.64.0.3 -p tcp --sport 41000 --dport 8080
wire node req ovn0 --proto tcp --port 41000
listen node acc tcp --port 8080
send pod conn tcp --src 10.16.0.10 --sport 41000 --dst 100.64.0.3 --dport 8080
outcome_ovn_drop ovn-default OVN_ACL ovn FORWARD
crossing request pod-to-node ovn-default node:ovn0 req "$(ip_flow "$POD_PORT" "$POD_MAC" "$LRP_DEF" 10.16.0.10 100.64.0.3 64) && tcp && tcp.src == 41000 && tcp.dst == 8080 && tcp.flags == 0x002" "${CT_NEW[@]}"
[ -s "$CASE_DIR/acc.jsonl" ] && die "the node accepted a connection the stand-in should have dropped"
case_end

case_begin acl-pass --snapshot acl-drop --from pod --src 10.16.0.10 --dst 100.64.0.3 -p tcp --sport 41001 --dport 8081
wire node req ovn0 --proto tcp --port 41001
listen node acc tcp --port 8081
send pod conn tcp --src 10.16.0.10 --sport 41001 --dst 100.64.0.3 --dport 8081
outcome delivered node acc
crossing request pod-to-node ovn-default node:ovn0 req "$(ip_flow "$POD_PORT" "$POD_MAC" "$LRP_DEF" 10.16.0.10 100.64.0.3 64) && tcp && tcp.src == 41001 && tcp.dst == 8081 && tcp.flags == 0x002" "${CT_NEW[@]}"
case_end
scenario_end
