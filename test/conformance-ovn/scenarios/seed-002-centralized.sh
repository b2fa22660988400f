# Seed 002, part 1 (examples/002-ovn-fip-snat-dnat): every flow of its README, on the NB rebuilt by
# its own capture.sh, unchanged. Centralized FIPs on vpc-75989 (gateway chassis 2922af73... at 100),
# subnet SNAT 192.168.0.0/24 -> 172.19.0.9, router LB dnat-74661 172.19.0.10:8080 -> 192.168.0.3:80.
# capture: nb-list
#
# Learnt: see seed-002-distributed on router-type ports without addresses. The upstream MAC is the
# one capture.sh records for 172.19.0.1 (02:42:57:db:a9:c6), learnt on both routers' external ports.
#
# request fip-egress-busybox01: from=ovn:fip-busybox01.default src=192.168.0.4 dst=172.19.0.1 proto=icmp icmpId=20900
# request fip-ingress-busybox02: from=ovn:ln-external src=172.19.0.1 dst=172.19.0.12 proto=icmp icmpId=3846
# request lb-dnat-74661: from=ovn:ln-external src=172.19.0.1 dst=172.19.0.10 proto=tcp sport=40000 dport=8080 backend=192.168.0.3:80
# request fip-egress-busybox02: from=ovn:fip-busybox02.default src=192.168.0.5 dst=172.19.0.1 proto=icmp icmpId=1

from_capture 002-ovn-fip-snat-dnat
chassis 2e3175b0-2129-4504-a333-0c4ac1f680d7 172.18.0.3 kube-ovn-worker
chassis 2922af73-b67b-49ab-9a70-018c40af25a7 172.18.0.2 kube-ovn-control-plane
bind fip-busybox01.default 2e3175b0-2129-4504-a333-0c4ac1f680d7
bind fip-busybox02.default 2922af73-b67b-49ab-9a70-018c40af25a7
# The upstream gateway 172.19.0.1 as ovn-controller learns it on the routers' external ports.
mac_binding vpc-75989 vpc-75989-external 172.19.0.1 02:42:57:db:a9:c6
mac_binding ovn-cluster ovn-cluster-external 172.19.0.1 02:42:57:db:a9:c6

probe fip-egress-busybox01 overlay-subnet-73569 "$(flow_icmp fip-busybox01.default 00:00:00:48:38:46 00:00:00:91:cc:aa 192.168.0.4 172.19.0.1)" "${CT_NEW[@]}"
probe fip-ingress-busybox02 external "$(flow_icmp ln-external 02:42:57:db:a9:c6 00:00:00:21:44:fd 172.19.0.1 172.19.0.12)" "${CT_NEW[@]}"
probe lb-dnat-74661 external "$(flow_tcp ln-external 02:42:57:db:a9:c6 00:00:00:21:44:fd 172.19.0.1 172.19.0.10 40000 8080)" "${CT_NEW[@]}" --lb-dst 192.168.0.3:80
probe fip-egress-busybox02 overlay-subnet-73569 "$(flow_icmp fip-busybox02.default 00:00:00:a2:70:8d 00:00:00:91:cc:aa 192.168.0.5 172.19.0.1)" "${CT_NEW[@]}"
