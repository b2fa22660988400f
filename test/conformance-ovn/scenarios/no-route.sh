# A VPC router with no route for the destination (no default route, no gateway port).
#
# Learnt: no route matched shows as lr_in_ip_routing's priority-0 flow with match `1` and action
# `drop;` (a discard route is a flow of its own, with the prefix in its match).
#
# request no-route: from=ovn:app-0.ns3 src=10.0.3.10 dst=8.8.8.8 proto=icmp icmpId=1
# request no-route-tcp: from=ovn:app-0.ns3 src=10.0.3.10 dst=192.0.2.10 proto=tcp sport=40000 dport=443

chassis chassis-node-a 172.18.0.2 node-a
ko_router vpc-c
ko_subnet subnet-c vpc-c 10.0.3.0/24 10.0.3.1 00:00:00:1c:01:01
ko_pod subnet-c app-0 ns3 00:00:00:cc:00:10 10.0.3.10

probe no-route subnet-c "$(flow_icmp app-0.ns3 00:00:00:cc:00:10 00:00:00:1c:01:01 10.0.3.10 8.8.8.8)" "${CT_NEW[@]}"
probe no-route-tcp subnet-c "$(flow_tcp app-0.ns3 00:00:00:cc:00:10 00:00:00:1c:01:01 10.0.3.10 192.0.2.10 40000 443)" "${CT_NEW[@]}"
