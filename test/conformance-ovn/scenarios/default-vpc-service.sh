# kube-ovn Services in the default VPC: the switch load balancers cluster-tcp-loadbalancer and
# cluster-udp-loadbalancer on ovn-default and join (kube-dns 10.96.0.10:53 -> the two coredns
# pods; kubernetes 10.96.0.1:443 -> the API server on the control-plane node 172.18.0.2:6443),
# every backend pinned.
#
# request dns-tcp-backend-1: from=ovn:nginx-0.default src=10.16.0.10 dst=10.96.0.10 proto=tcp sport=40000 dport=53 backend=10.16.0.6:53
# request dns-tcp-backend-2: from=ovn:nginx-0.default src=10.16.0.10 dst=10.96.0.10 proto=tcp sport=40000 dport=53 backend=10.16.0.7:53
# request dns-udp-backend-1: from=ovn:nginx-0.default src=10.16.0.10 dst=10.96.0.10 proto=udp sport=40000 dport=53 backend=10.16.0.6:53
# request dns-udp-backend-2: from=ovn:nginx-0.default src=10.16.0.10 dst=10.96.0.10 proto=udp sport=40000 dport=53 backend=10.16.0.7:53
# request apiserver: from=ovn:nginx-0.default src=10.16.0.10 dst=10.96.0.1 proto=tcp sport=40000 dport=443 backend=172.18.0.2:6443

use default-vpc
for proto in tcp udp; do
  nb --id=@lb create Load_Balancer name=cluster-$proto-loadbalancer protocol=$proto external_ids:vendor=kube-ovn \
    -- add Logical_Switch ovn-default load_balancer @lb -- add Logical_Switch join load_balancer @lb >/dev/null
  nb set Load_Balancer cluster-$proto-loadbalancer 'vips:"10.96.0.10:53"="10.16.0.6:53,10.16.0.7:53"'
done
nb set Load_Balancer cluster-tcp-loadbalancer 'vips:"10.96.0.1:443"="172.18.0.2:6443"'

probe dns-tcp-backend-1 ovn-default "$(flow_tcp nginx-0.default "$NGINX0" "$GW_DEF" 10.16.0.10 10.96.0.10 40000 53)" "${CT_NEW[@]}" --lb-dst 10.16.0.6:53
probe dns-tcp-backend-2 ovn-default "$(flow_tcp nginx-0.default "$NGINX0" "$GW_DEF" 10.16.0.10 10.96.0.10 40000 53)" "${CT_NEW[@]}" --lb-dst 10.16.0.7:53
probe dns-udp-backend-1 ovn-default "$(flow_udp nginx-0.default "$NGINX0" "$GW_DEF" 10.16.0.10 10.96.0.10 40000 53)" "${CT_NEW[@]}" --lb-dst 10.16.0.6:53
probe dns-udp-backend-2 ovn-default "$(flow_udp nginx-0.default "$NGINX0" "$GW_DEF" 10.16.0.10 10.96.0.10 40000 53)" "${CT_NEW[@]}" --lb-dst 10.16.0.7:53
probe apiserver ovn-default "$(flow_tcp nginx-0.default "$NGINX0" "$GW_DEF" 10.16.0.10 10.96.0.1 40000 443)" "${CT_NEW[@]}" --lb-dst 172.18.0.2:6443
