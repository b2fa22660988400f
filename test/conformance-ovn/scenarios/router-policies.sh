# Router policies of several priorities (kube-ovn Vpc.spec.policyRoutes): reroute, drop, allow.
# 31000 allow to subnet-d (east-west, between the VPC's subnets), 30000 drop to 10.7.0.0/16
# except 10.7.1.0/24 allowed at 30500, 29000 reroute of app-2's traffic to 172.20.0.5.
#
# Learnt: policies run in lr_in_policy, after lr_in_ip_routing: a reroute overwrites the next hop
# (reg0) and outport chosen by routing; a drop policy ends the trace there with `drop;`.
#
# request allow-east-west: from=ovn:app-0.ns1 src=10.0.1.10 dst=10.0.4.10 proto=tcp sport=40000 dport=80
# request policy-drop: from=ovn:app-0.ns1 src=10.0.1.10 dst=10.7.3.3 proto=tcp sport=40000 dport=80
# request policy-allow-over-drop: from=ovn:app-0.ns1 src=10.0.1.10 dst=10.7.1.3 proto=tcp sport=40000 dport=80
# request policy-reroute: from=ovn:app-2.ns2 src=10.0.1.12 dst=203.0.113.9 proto=udp sport=40000 dport=53
# request no-policy: from=ovn:app-0.ns1 src=10.0.1.10 dst=203.0.113.9 proto=udp sport=40000 dport=53

use vpc-a
ko_subnet subnet-d vpc-a 10.0.4.0/24 10.0.4.1 00:00:00:1a:04:01
ko_pod subnet-d web-0 ns4 00:00:00:dd:00:10 10.0.4.10
ko_policy vpc-a 31000 'ip4.dst == 10.0.4.0/24' allow ''
ko_policy vpc-a 30500 'ip4.dst == 10.7.1.0/24' allow ''
ko_policy vpc-a 30000 'ip4.dst == 10.7.0.0/16' drop ''
ko_policy vpc-a 29000 'ip4.src == 10.0.1.12' reroute 172.20.0.5
mac_binding vpc-a vpc-a-external 172.20.0.5 00:00:00:00:ee:05

probe allow-east-west subnet-a "$(flow_tcp app-0.ns1 "$APP0" "$GW_A" 10.0.1.10 10.0.4.10 40000 80)" "${CT_NEW[@]}"
probe policy-drop subnet-a "$(flow_tcp app-0.ns1 "$APP0" "$GW_A" 10.0.1.10 10.7.3.3 40000 80)" "${CT_NEW[@]}"
probe policy-allow-over-drop subnet-a "$(flow_tcp app-0.ns1 "$APP0" "$GW_A" 10.0.1.10 10.7.1.3 40000 80)" "${CT_NEW[@]}"
probe policy-reroute subnet-a "$(flow_udp app-2.ns2 "$APP2" "$GW_A" 10.0.1.12 203.0.113.9 40000 53)" "${CT_NEW[@]}"
probe no-policy subnet-a "$(flow_udp app-0.ns1 "$APP0" "$GW_A" 10.0.1.10 203.0.113.9 40000 53)" "${CT_NEW[@]}"
