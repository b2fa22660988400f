# A kube-ovn custom VPC "vpc-a" (subnet-a 10.0.1.0/24, pods app-0 .10 and app-1 .11 in ns1, app-2 .12
# in ns2) with its external port vpc-a-external 172.20.0.10/24 on the underlay switch "external"
# (localnet.external), gateway chassis node-a (100) / node-b (99), a default route to 172.20.0.1
# and that upstream router's MAC as ovn-controller learns it.
# shellcheck shell=bash
chassis chassis-node-a 172.18.0.2 node-a
chassis chassis-node-b 172.18.0.3 node-b
ko_router vpc-a
ko_subnet subnet-a vpc-a 10.0.1.0/24 10.0.1.1 00:00:00:1a:01:01
ko_pod subnet-a app-0 ns1 00:00:00:aa:00:10 10.0.1.10
ko_pod subnet-a app-1 ns1 00:00:00:aa:00:11 10.0.1.11
ko_pod subnet-a app-2 ns2 00:00:00:aa:00:12 10.0.1.12
ko_external external external localnet.external
ko_gateway vpc-a external 00:00:00:1a:ee:01 172.20.0.10/24 chassis-node-a chassis-node-b
nb lr-route-add vpc-a 0.0.0.0/0 172.20.0.1
bind app-0.ns1 chassis-node-b
bind app-1.ns1 chassis-node-a
bind app-2.ns2 chassis-node-b
mac_binding vpc-a vpc-a-external 172.20.0.1 00:00:00:00:ee:01
# Microflows of this VPC.
UP=00:00:00:00:ee:01 GW_EXT=00:00:00:1a:ee:01 GW_A=00:00:00:1a:01:01
APP0=00:00:00:aa:00:10 APP1=00:00:00:aa:00:11 APP2=00:00:00:aa:00:12
