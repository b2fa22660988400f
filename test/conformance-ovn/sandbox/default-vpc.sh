# The kube-ovn default VPC as its controller programs it (pkg/controller/init.go, node.go,
# subnet.go): router ovn-cluster, switch join (100.64.0.0/16) with one node port per node
# (node-<name>, the node's ovn0), switch ovn-default (10.16.0.0/16), per-node port groups of
# ovn-default's pods (ovn.default.<node>, OVN derives the address sets <pg>_ip4), the default
# route 0.0.0.0/0 -> 100.64.0.1, and the router policies:
#   31000 ip4.dst == <subnet cidr> allow                       (SubnetRouterPolicyPriority)
#   30000 ip4.dst == <node InternalIP> reroute <node join IP>  (NodeRouterPolicyPriority)
#   29000 ip4.src == $ovn.default.<node>_ip4 reroute <node join IP>  (GatewayRouterPolicyPriority,
#         distributed gateway: a pod leaves the cluster through its own node)
# shellcheck shell=bash
CH_WORKER=2e3175b0-2129-4504-a333-0c4ac1f680d7
CH_CP=2922af73-b67b-49ab-9a70-018c40af25a7
chassis "$CH_WORKER" 172.18.0.3 kube-ovn-worker
chassis "$CH_CP" 172.18.0.2 kube-ovn-control-plane
ko_router ovn-cluster
ko_subnet join ovn-cluster 100.64.0.0/16 100.64.0.1 00:00:00:47:24:2f
ko_subnet ovn-default ovn-cluster 10.16.0.0/16 10.16.0.1 00:00:00:3f:6d:45
node_port() { # <node> <mac> <join ip>
  nb lsp-add join "node-$1" -- lsp-set-addresses "node-$1" "$2 $3" \
    -- set Logical_Switch_Port "node-$1" external_ids:vendor=kube-ovn external_ids:ls=join external_ids:node="$1"
}
node_port kube-ovn-worker 00:00:00:93:93:4a 100.64.0.3
node_port kube-ovn-control-plane 00:00:00:a6:eb:bb 100.64.0.2
ko_pod ovn-default coredns-787d4945fb-pqp2t kube-system 00:00:00:d8:eb:5e 10.16.0.6
ko_pod ovn-default coredns-787d4945fb-5fdk7 kube-system 00:00:00:0c:0f:d0 10.16.0.7
ko_pod ovn-default nginx-0 default 00:00:00:16:00:10 10.16.0.10
ko_pod ovn-default nginx-1 default 00:00:00:16:00:11 10.16.0.11
bind node-kube-ovn-worker "$CH_WORKER"
bind node-kube-ovn-control-plane "$CH_CP"
bind coredns-787d4945fb-pqp2t.kube-system "$CH_CP"
bind coredns-787d4945fb-5fdk7.kube-system "$CH_WORKER"
bind nginx-0.default "$CH_WORKER"
bind nginx-1.default "$CH_CP"
ko_port_group ovn.default.kube.ovn.worker logical_switch=ovn-default node=kube-ovn-worker -- \
  coredns-787d4945fb-5fdk7.kube-system nginx-0.default
ko_port_group ovn.default.kube.ovn.control.plane logical_switch=ovn-default node=kube-ovn-control-plane -- \
  coredns-787d4945fb-pqp2t.kube-system nginx-1.default
nb lr-route-add ovn-cluster 0.0.0.0/0 100.64.0.1
ko_policy ovn-cluster 31000 'ip4.dst == 10.16.0.0/16' allow '' subnet=ovn-default
ko_policy ovn-cluster 31000 'ip4.dst == 100.64.0.0/16' allow '' subnet=join
ko_policy ovn-cluster 30000 'ip4.dst == 172.18.0.3' reroute 100.64.0.3 node=kube-ovn-worker address-family=4
ko_policy ovn-cluster 30000 'ip4.dst == 172.18.0.2' reroute 100.64.0.2 node=kube-ovn-control-plane address-family=4
ko_policy ovn-cluster 29000 'ip4.src == $ovn.default.kube.ovn.worker_ip4' reroute 100.64.0.3 subnet=ovn-default node=kube-ovn-worker
ko_policy ovn-cluster 29000 'ip4.src == $ovn.default.kube.ovn.control.plane_ip4' reroute 100.64.0.2 subnet=ovn-default node=kube-ovn-control-plane
GW_DEF=00:00:00:3f:6d:45 GW_JOIN=00:00:00:47:24:2f
NGINX0=00:00:00:16:00:10 NGINX1=00:00:00:16:00:11 NODE_W=00:00:00:93:93:4a
