#!/bin/bash
# A pod to a Service through ovn-default's load balancer (kube-ovn's cluster-tcp-loadbalancer) whose
# endpoint is host-network on the node (192.168.0.101:8080): ls_in_lb DNATs, ovn-cluster's policy
# 30000 reroutes the node IP to its join IP, the node's port outputs it on ovn0, and the node's
# netfilter (filter INPUT, ovn40subnets src) accepts it. The stand-in DNATs as the LB does.
EXTRA_NB='nb --id=@lb create Load_Balancer name=cluster-tcp-loadbalancer protocol=tcp external_ids:vendor=kube-ovn -- add Logical_Switch ovn-default load_balancer @lb >/dev/null
nb set Load_Balancer cluster-tcp-loadbalancer "vips:\"10.96.0.100:80\"=\"192.168.0.101:8080\""'
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/default-vpc-setup.sh"
rules ovn <<'RULES'
*nat
:PREROUTING ACCEPT [0:0]
:INPUT ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
:POSTROUTING ACCEPT [0:0]
-A PREROUTING -d 10.96.0.100/32 -p tcp -m tcp --dport 80 -j DNAT --to-destination 192.168.0.101:8080
COMMIT
RULES

case_begin service --from pod --src 10.16.0.10 --dst 10.96.0.100 -p tcp --sport 42000 --dport 80
wire node req ovn0 --proto tcp --port 42000
listen node acc tcp --port 8080
send pod conn tcp --src 10.16.0.10 --sport 42000 --dst 10.96.0.100 --dport 80
outcome delivered node acc
crossing request pod-to-node ovn-default node:ovn0 req "$(ip_flow "$POD_PORT" "$POD_MAC" "$LRP_DEF" 10.16.0.10 10.96.0.100 64) && tcp && tcp.src == 42000 && tcp.dst == 80 && tcp.flags == 0x002" "${CT_NEW[@]}" --lb-dst 192.168.0.101:8080
case_end
scenario_end
