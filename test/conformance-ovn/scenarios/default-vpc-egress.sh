# The kube-ovn default VPC: a pod's traffic to outside the cluster leaves through its own node's
# join port (distributed gateway), by the priority-29000 reroute policy.
#
# Learnt: the default route's next hop 100.64.0.1 is ovn-cluster's own join address; lr_in_policy
# (after lr_in_ip_routing) overwrites reg0 with the node's join IP, and lr_in_arp_resolve finds
# the node port's MAC from its addresses (no MAC_Binding needed: it is a logical port).
#
# request worker-pod-icmp: from=ovn:nginx-0.default src=10.16.0.10 dst=8.8.8.8 proto=icmp icmpId=11
# request cp-pod-tcp: from=ovn:nginx-1.default src=10.16.0.11 dst=1.1.1.1 proto=tcp sport=40000 dport=443
# request coredns-udp: from=ovn:coredns-787d4945fb-5fdk7.kube-system src=10.16.0.7 dst=8.8.8.8 proto=udp sport=40000 dport=53

use default-vpc

probe worker-pod-icmp ovn-default "$(flow_icmp nginx-0.default "$NGINX0" "$GW_DEF" 10.16.0.10 8.8.8.8)" "${CT_NEW[@]}"
probe cp-pod-tcp ovn-default "$(flow_tcp nginx-1.default "$NGINX1" "$GW_DEF" 10.16.0.11 1.1.1.1 40000 443)" "${CT_NEW[@]}"
probe coredns-udp ovn-default "$(flow_udp coredns-787d4945fb-5fdk7.kube-system 00:00:00:0c:0f:d0 "$GW_DEF" 10.16.0.7 8.8.8.8 40000 53)" "${CT_NEW[@]}"
