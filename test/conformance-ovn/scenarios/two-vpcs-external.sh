# Two VPCs meeting on one external network: vpc-a (subnet SNAT 172.20.0.60) and vpc-e (FIP
# 172.20.0.80 for its pod db-0) both have a port on "external". A pod of vpc-a calls vpc-e's FIP.
#
# request a-to-e-fip: from=ovn:app-0.ns1 src=10.0.1.10 dst=172.20.0.80 proto=tcp sport=40000 dport=5432
# request a-to-e-router: from=ovn:app-0.ns1 src=10.0.1.10 dst=172.20.0.20 proto=icmp icmpId=1
# request e-to-a-snat-ip: from=ovn:db-0.ns5 src=10.0.5.10 dst=172.20.0.60 proto=tcp sport=40000 dport=80

use vpc-a
nb --id=@n create NAT type=snat external_ip=172.20.0.60 logical_ip=10.0.1.0/24 \
  external_ids:vendor=kube-ovn -- add Logical_Router vpc-a nat @n >/dev/null
ko_router vpc-e
ko_subnet subnet-e vpc-e 10.0.5.0/24 10.0.5.1 00:00:00:1e:05:01
ko_pod subnet-e db-0 ns5 00:00:00:ee:00:10 10.0.5.10
ko_gateway vpc-e external 00:00:00:1e:ee:01 172.20.0.20/24 chassis-node-b chassis-node-a
nb lr-route-add vpc-e 0.0.0.0/0 172.20.0.1
nb --id=@n create NAT type=dnat_and_snat external_ip=172.20.0.80 logical_ip=10.0.5.10 \
  external_ids:vendor=kube-ovn -- add Logical_Router vpc-e nat @n >/dev/null
bind db-0.ns5 chassis-node-a
mac_binding vpc-e vpc-e-external 172.20.0.1 00:00:00:00:ee:01
# What each router learns when it ARPs for the other's addresses on "external": the gateway port
# of the other VPC answers for its own IP and its NAT external IPs (centralized NAT).
mac_binding vpc-a vpc-a-external 172.20.0.80 00:00:00:1e:ee:01
mac_binding vpc-a vpc-a-external 172.20.0.20 00:00:00:1e:ee:01
mac_binding vpc-e vpc-e-external 172.20.0.60 00:00:00:1a:ee:01

probe a-to-e-fip subnet-a "$(flow_tcp app-0.ns1 "$APP0" "$GW_A" 10.0.1.10 172.20.0.80 40000 5432)" "${CT_NEW[@]}"
probe a-to-e-router subnet-a "$(flow_icmp app-0.ns1 "$APP0" "$GW_A" 10.0.1.10 172.20.0.20)" "${CT_NEW[@]}"
probe e-to-a-snat-ip subnet-e "$(flow_tcp db-0.ns5 00:00:00:ee:00:10 00:00:00:1e:05:01 10.0.5.10 172.20.0.60 40000 80)" "${CT_NEW[@]}"
