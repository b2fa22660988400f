# A VPC router without an external (gateway) port: TCP and UDP to its subnet gateway IP.
#
# Learnt: without a distributed gateway port northd adds lr_in_ip_input priority-80 flows: UDP gets
# `icmp4 { eth.dst <-> eth.src; ip4.dst <-> ip4.src; ip.ttl = 255; icmp4.type = 3; icmp4.code = 3;
# next; }` (port unreachable) and TCP `tcp_reset { … }`; the generated packet is routed back to
# the pod. ovn-trace builds it with TTL 255 and keeps the TCP ports as they were (it does not swap
# them the way ovn-controller's pinctrl does).
#
# request gw-udp: from=ovn:app-0.ns3 src=10.0.3.10 dst=10.0.3.1 proto=udp sport=40000 dport=53
# request gw-tcp: from=ovn:app-0.ns3 src=10.0.3.10 dst=10.0.3.1 proto=tcp sport=40000 dport=22
# request gw-icmp: from=ovn:app-0.ns3 src=10.0.3.10 dst=10.0.3.1 proto=icmp icmpId=2

chassis chassis-node-a 172.18.0.2 node-a
ko_router vpc-c
ko_subnet subnet-c vpc-c 10.0.3.0/24 10.0.3.1 00:00:00:1c:01:01
ko_pod subnet-c app-0 ns3 00:00:00:cc:00:10 10.0.3.10
bind app-0.ns3 chassis-node-a

probe gw-udp subnet-c "$(flow_udp app-0.ns3 00:00:00:cc:00:10 00:00:00:1c:01:01 10.0.3.10 10.0.3.1 40000 53)" "${CT_NEW[@]}"
probe gw-tcp subnet-c "$(flow_tcp app-0.ns3 00:00:00:cc:00:10 00:00:00:1c:01:01 10.0.3.10 10.0.3.1 40000 22)" "${CT_NEW[@]}"
probe gw-icmp subnet-c "$(flow_icmp app-0.ns3 00:00:00:cc:00:10 00:00:00:1c:01:01 10.0.3.10 10.0.3.1)" "${CT_NEW[@]}"
