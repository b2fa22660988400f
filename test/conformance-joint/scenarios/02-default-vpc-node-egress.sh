#!/bin/bash
# kube-ovn default VPC, distributed gateway: pod -> ovn-default -> ovn-cluster (policy 29000
# reroutes the node's pods to its join IP) -> join -> node-kube-ovn-worker = the node's ovn0 ->
# OVN-POSTROUTING MASQUERADE (ovn40subnets-nat) -> eth0 -> outside; the reply is de-MASQUERADEd and
# goes back through ovn0 -> join -> ovn-cluster -> ovn-default -> the pod.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/default-vpc-setup.sh"

# MASQUERADE --random-fully rewrites the ICMP id on the way out: trace every echo request/reply (one flow only)
TRACE_REQ='icmp type echo-request' TRACE_REP='icmp type echo-reply'
case_begin egress --from pod --src 10.16.0.10 --dst 203.0.113.10 -p icmp --icmp-id 5151 --round-trip
wire node req ovn0 --proto icmp --id 5151
wire pod rep eth0 --proto icmp --id 5151
# MASQUERADE --random-fully also rewrites the ICMP id: the request is recognised on out's wire, and
# its delivery by the echo reply the pod gets
wire out req-out eth0 --proto icmp
listen pod rep icmp --id 5151
nx pod ping -c 1 -W 1 -e 5151 203.0.113.10 >/dev/null || die "the pod's ping got no reply"
outcome delivered out req-out.wire
outcome --reply delivered pod rep
crossing request pod-to-node ovn-default node:ovn0 req "$(ip_flow "$POD_PORT" "$POD_MAC" "$LRP_DEF" 10.16.0.10 203.0.113.10 64) && icmp4.type == 8 && icmp4.code == 0" "${CT_NEW[@]}"
# the reply after the node's de-MASQUERADE, forwarded out ovn0 (TTL 63) to the join gateway
crossing reply node-to-pod join pod:eth0 rep "$(ip_flow "$NODE_PORT" "$NODE_MAC" "$LRP_JOIN" 203.0.113.10 10.16.0.10 63) && icmp4.type == 0 && icmp4.code == 0" "${CT_NEW[@]}"
case_end
scenario_end
