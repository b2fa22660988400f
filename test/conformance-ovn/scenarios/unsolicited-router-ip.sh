# Traffic to a router's own IPs: the external port 172.20.0.10 from outside, the subnet gateway
# 10.0.1.1 from a pod.
#
# Learnt: an ICMP echo to a router IP is answered in lr_in_ip_input by rewriting the packet in
# place (`ip4.dst <-> ip4.src; ip.ttl = 255; icmp4.type = 0;`) and routing it back (TTL 254 at
# the output). TCP and UDP to any IP of this router, from a pod or from outside, are dropped in
# lr_in_ip_input (priority 60, `ip4.dst == {10.0.1.1}`): a router with a distributed gateway port
# gets no priority-80 RST / port-unreachable flows in 23.03 (compare router-ip-no-gateway).
#
# request ext-icmp: from=ovn:localnet.external src=172.20.0.1 dst=172.20.0.10 proto=icmp icmpId=6
# request ext-tcp: from=ovn:localnet.external src=172.20.0.1 dst=172.20.0.10 proto=tcp sport=40000 dport=22
# request ext-udp: from=ovn:localnet.external src=172.20.0.1 dst=172.20.0.10 proto=udp sport=40000 dport=53
# request gw-icmp: from=ovn:app-0.ns1 src=10.0.1.10 dst=10.0.1.1 proto=icmp icmpId=6
# request gw-tcp: from=ovn:app-0.ns1 src=10.0.1.10 dst=10.0.1.1 proto=tcp sport=40000 dport=22
# request gw-udp: from=ovn:app-0.ns1 src=10.0.1.10 dst=10.0.1.1 proto=udp sport=40000 dport=53

use vpc-a

probe ext-icmp external "$(flow_icmp localnet.external "$UP" "$GW_EXT" 172.20.0.1 172.20.0.10)" "${CT_NEW[@]}"
probe ext-tcp external "$(flow_tcp localnet.external "$UP" "$GW_EXT" 172.20.0.1 172.20.0.10 40000 22)" "${CT_NEW[@]}"
probe ext-udp external "$(flow_udp localnet.external "$UP" "$GW_EXT" 172.20.0.1 172.20.0.10 40000 53)" "${CT_NEW[@]}"
probe gw-icmp subnet-a "$(flow_icmp app-0.ns1 "$APP0" "$GW_A" 10.0.1.10 10.0.1.1)" "${CT_NEW[@]}"
probe gw-tcp subnet-a "$(flow_tcp app-0.ns1 "$APP0" "$GW_A" 10.0.1.10 10.0.1.1 40000 22)" "${CT_NEW[@]}"
probe gw-udp subnet-a "$(flow_udp app-0.ns1 "$APP0" "$GW_A" 10.0.1.10 10.0.1.1 40000 53)" "${CT_NEW[@]}"
