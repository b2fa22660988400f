# A switch load balancer on a custom VPC's subnet (a kube-ovn Service in a VPC: vpc-a-tcp-load
# and vpc-a-udp-load on subnet-a), every backend pinned with --lb-dst.
#
# Learnt: on a switch, ls_in_pre_stateful runs a backend-less `ct_lb;` before ls_in_lb; ovn-trace
# applies --lb-dst to that first backend-less ct_lb (execute_ct_lb: "For ct_lb without addresses,
# use user-specified address"), as if the connection existed, so ls_in_lb's
# `ct_lb(backends=…)` never matches (its match needs the VIP) and the DNAT shows only as the
# changed destination. The engine's step for it is ls_in_lb. The frame still carries the gateway
# MAC, so the DNATed packet goes through vpc-a and back into subnet-a (TTL 63).
#
# request tcp-backend-1: from=ovn:app-2.ns2 src=10.0.1.12 dst=10.96.0.20 proto=tcp sport=40000 dport=80 backend=10.0.1.10:8080
# request tcp-backend-2: from=ovn:app-2.ns2 src=10.0.1.12 dst=10.96.0.20 proto=tcp sport=40000 dport=80 backend=10.0.1.11:8080
# request udp-backend-1: from=ovn:app-2.ns2 src=10.0.1.12 dst=10.96.0.20 proto=udp sport=40000 dport=53 backend=10.0.1.10:53
# request udp-backend-2: from=ovn:app-2.ns2 src=10.0.1.12 dst=10.96.0.20 proto=udp sport=40000 dport=53 backend=10.0.1.11:53

use vpc-a
nb --id=@lb create Load_Balancer name=vpc-a-tcp-load protocol=tcp 'vips:"10.96.0.20:80"="10.0.1.10:8080,10.0.1.11:8080"' \
  external_ids:vendor=kube-ovn -- add Logical_Switch subnet-a load_balancer @lb >/dev/null
nb --id=@lb create Load_Balancer name=vpc-a-udp-load protocol=udp 'vips:"10.96.0.20:53"="10.0.1.10:53,10.0.1.11:53"' \
  external_ids:vendor=kube-ovn -- add Logical_Switch subnet-a load_balancer @lb >/dev/null

probe tcp-backend-1 subnet-a "$(flow_tcp app-2.ns2 "$APP2" "$GW_A" 10.0.1.12 10.96.0.20 40000 80)" "${CT_NEW[@]}" --lb-dst 10.0.1.10:8080
probe tcp-backend-2 subnet-a "$(flow_tcp app-2.ns2 "$APP2" "$GW_A" 10.0.1.12 10.96.0.20 40000 80)" "${CT_NEW[@]}" --lb-dst 10.0.1.11:8080
probe udp-backend-1 subnet-a "$(flow_udp app-2.ns2 "$APP2" "$GW_A" 10.0.1.12 10.96.0.20 40000 53)" "${CT_NEW[@]}" --lb-dst 10.0.1.10:53
probe udp-backend-2 subnet-a "$(flow_udp app-2.ns2 "$APP2" "$GW_A" 10.0.1.12 10.96.0.20 40000 53)" "${CT_NEW[@]}" --lb-dst 10.0.1.11:53
