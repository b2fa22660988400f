# Static routes of a VPC (kube-ovn Vpc.spec.staticRoutes): longest prefix wins, a discard route
# (`ovn-nbctl lr-route-add r 10.9.0.0/16 discard`), a more specific route inside it.
#
# request longest-prefix: from=ovn:app-0.ns1 src=10.0.1.10 dst=198.51.100.9 proto=icmp icmpId=1
# request shorter-prefix: from=ovn:app-0.ns1 src=10.0.1.10 dst=198.51.100.200 proto=icmp icmpId=1
# request discard: from=ovn:app-0.ns1 src=10.0.1.10 dst=10.9.3.4 proto=tcp sport=40000 dport=80
# request inside-discard: from=ovn:app-0.ns1 src=10.0.1.10 dst=10.9.8.1 proto=tcp sport=40000 dport=80
# request default: from=ovn:app-0.ns1 src=10.0.1.10 dst=203.0.113.1 proto=udp sport=40000 dport=53

use vpc-a
nb lr-route-add vpc-a 198.51.100.0/24 172.20.0.2
nb lr-route-add vpc-a 198.51.100.0/25 172.20.0.3
nb lr-route-add vpc-a 10.9.0.0/16 discard
nb lr-route-add vpc-a 10.9.8.0/24 172.20.0.2
mac_binding vpc-a vpc-a-external 172.20.0.2 00:00:00:00:ee:02
mac_binding vpc-a vpc-a-external 172.20.0.3 00:00:00:00:ee:03

probe longest-prefix subnet-a "$(flow_icmp app-0.ns1 "$APP0" "$GW_A" 10.0.1.10 198.51.100.9)" "${CT_NEW[@]}"
probe shorter-prefix subnet-a "$(flow_icmp app-0.ns1 "$APP0" "$GW_A" 10.0.1.10 198.51.100.200)" "${CT_NEW[@]}"
probe discard subnet-a "$(flow_tcp app-0.ns1 "$APP0" "$GW_A" 10.0.1.10 10.9.3.4 40000 80)" "${CT_NEW[@]}"
probe inside-discard subnet-a "$(flow_tcp app-0.ns1 "$APP0" "$GW_A" 10.0.1.10 10.9.8.1 40000 80)" "${CT_NEW[@]}"
probe default subnet-a "$(flow_udp app-0.ns1 "$APP0" "$GW_A" 10.0.1.10 203.0.113.1 40000 53)" "${CT_NEW[@]}"
