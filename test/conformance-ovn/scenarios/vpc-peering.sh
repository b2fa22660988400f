# kube-ovn VPC peering (Vpc.spec.vpcPeerings + staticRoutes): vpc-a and vpc-g are joined by a
# pair of peer router ports (vpc-a-vpc-g 169.254.0.1/30 <-> vpc-g-vpc-a 169.254.0.2/30, no
# switch between them) and each has a static route to the other's subnets.
#
# Learnt: a router-to-router peer port is output as type "patch" and the peer router's ingress
# follows directly; its next hop resolves from the peer port's MAC (no MAC_Binding needed).
#
# request a-to-g: from=ovn:app-0.ns1 src=10.0.1.10 dst=10.0.7.10 proto=tcp sport=40000 dport=80
# request g-to-a: from=ovn:api-0.ns7 src=10.0.7.10 dst=10.0.1.11 proto=icmp icmpId=2
# request g-no-route: from=ovn:api-0.ns7 src=10.0.7.10 dst=10.0.4.10 proto=icmp icmpId=2

use vpc-a
ko_router vpc-g
ko_subnet subnet-g vpc-g 10.0.7.0/24 10.0.7.1 00:00:00:1f:07:01
ko_pod subnet-g api-0 ns7 00:00:00:77:00:10 10.0.7.10
nb lrp-add vpc-a vpc-a-vpc-g 00:00:00:1a:a9:01 169.254.0.1/30 peer=vpc-g-vpc-a \
  -- lrp-add vpc-g vpc-g-vpc-a 00:00:00:1f:a9:02 169.254.0.2/30 peer=vpc-a-vpc-g
nb lr-route-add vpc-a 10.0.7.0/24 169.254.0.2
nb lr-route-add vpc-g 10.0.1.0/24 169.254.0.1
bind api-0.ns7 chassis-node-a

probe a-to-g subnet-a "$(flow_tcp app-0.ns1 "$APP0" "$GW_A" 10.0.1.10 10.0.7.10 40000 80)" "${CT_NEW[@]}"
probe g-to-a subnet-g "$(flow_icmp api-0.ns7 00:00:00:77:00:10 00:00:00:1f:07:01 10.0.7.10 10.0.1.11)" "${CT_NEW[@]}"
probe g-no-route subnet-g "$(flow_icmp api-0.ns7 00:00:00:77:00:10 00:00:00:1f:07:01 10.0.7.10 10.0.4.10)" "${CT_NEW[@]}"
