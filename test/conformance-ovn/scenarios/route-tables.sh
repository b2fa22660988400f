# Route tables (kube-ovn Vpc staticRoutes with routeTable, and Subnet.spec.routeTable): routes
# added with --route-table=rtb-a apply to packets that enter by a router port whose
# options:route_table is rtb-a; other ports use the main table.
# capture: nb-list
#
# Learnt: lr_in_ip_routing_pre sets `reg7 = <table id>` from the inport's route_table, and the
# table's routes match `reg7 == <id> && ip4.dst == …`; main-table routes match `reg7 == 0`.
#
# request table-rtb-a: from=ovn:app-0.ns1 src=10.0.1.10 dst=198.51.100.5 proto=icmp icmpId=1
# request main-table: from=ovn:web-0.ns4 src=10.0.4.10 dst=198.51.100.5 proto=icmp icmpId=1

use vpc-a
ko_subnet subnet-d vpc-a 10.0.4.0/24 10.0.4.1 00:00:00:1a:04:01
ko_pod subnet-d web-0 ns4 00:00:00:dd:00:10 10.0.4.10
bind web-0.ns4 chassis-node-a
nb set Logical_Router_Port vpc-a-subnet-a options:route_table=rtb-a
nb --route-table=rtb-a lr-route-add vpc-a 198.51.100.0/24 172.20.0.2
nb lr-route-add vpc-a 198.51.100.0/24 172.20.0.3
mac_binding vpc-a vpc-a-external 172.20.0.2 00:00:00:00:ee:02
mac_binding vpc-a vpc-a-external 172.20.0.3 00:00:00:00:ee:03

probe table-rtb-a subnet-a "$(flow_icmp app-0.ns1 "$APP0" "$GW_A" 10.0.1.10 198.51.100.5)" "${CT_NEW[@]}"
probe main-table subnet-d "$(flow_icmp web-0.ns4 00:00:00:dd:00:10 00:00:00:1a:04:01 10.0.4.10 198.51.100.5)" "${CT_NEW[@]}"
