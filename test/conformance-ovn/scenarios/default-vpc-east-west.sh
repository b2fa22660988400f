# The kube-ovn default VPC inside the cluster: pod to pod on ovn-default (switched, no router),
# pod to a node's join IP (31000 allow), pod to a node's InternalIP (30000 reroute to its join IP,
# ahead of the 29000 gateway policy), and a node (ovn0, node-<name> on join) to a pod.
# capture: nb-list
#
# request pod-to-pod: from=ovn:nginx-0.default src=10.16.0.10 dst=10.16.0.11 proto=tcp sport=40000 dport=80
# request pod-to-join-ip: from=ovn:nginx-0.default src=10.16.0.10 dst=100.64.0.2 proto=icmp icmpId=1
# request pod-to-node-ip: from=ovn:nginx-0.default src=10.16.0.10 dst=172.18.0.2 proto=tcp sport=40000 dport=10250
# request node-to-pod: from=ovn:node-kube-ovn-worker src=100.64.0.3 dst=10.16.0.11 proto=tcp sport=40000 dport=80

use default-vpc

probe pod-to-pod ovn-default "$(flow_tcp nginx-0.default "$NGINX0" "$NGINX1" 10.16.0.10 10.16.0.11 40000 80)" "${CT_NEW[@]}"
probe pod-to-join-ip ovn-default "$(flow_icmp nginx-0.default "$NGINX0" "$GW_DEF" 10.16.0.10 100.64.0.2)" "${CT_NEW[@]}"
probe pod-to-node-ip ovn-default "$(flow_tcp nginx-0.default "$NGINX0" "$GW_DEF" 10.16.0.10 172.18.0.2 40000 10250)" "${CT_NEW[@]}"
probe node-to-pod join "$(flow_tcp node-kube-ovn-worker "$NODE_W" "$GW_JOIN" 100.64.0.3 10.16.0.11 40000 80)" "${CT_NEW[@]}"
