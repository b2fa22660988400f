# OvnDnatRule as kube-ovn makes it: a router load balancer on vpc-a, tcp 172.20.0.70:8080 -> two
# backends; every backend pinned with --lb-dst.
#
# Learnt: the router pipeline has no backend-less ct_lb before lr_in_dnat, so --lb-dst picks the
# backend in lr_in_dnat's `ct_lb(backends=10.0.1.10:80,10.0.1.11:80);` (23.03 writes ct_lb here,
# not ct_lb_mark, with ovn-nbctl's default NB_Global options). The transformation title printed is
# only `ct_lb`: the chosen backend shows in later matches (lr_in_arp_resolve's `reg0 == …`), never
# in the title, so the parser applies ovn-trace's own rule (execute_ct_lb): the backend equal to
# --lb-dst, else the only one, else a random one (a probe must then pin it).
#
# request backend-1: from=ovn:localnet.external src=172.20.0.1 dst=172.20.0.70 proto=tcp sport=40000 dport=8080 backend=10.0.1.10:80
# request backend-2: from=ovn:localnet.external src=172.20.0.1 dst=172.20.0.70 proto=tcp sport=40000 dport=8080 backend=10.0.1.11:80

use vpc-a
nb --id=@lb create Load_Balancer name=vpc-a-dnat-web protocol=tcp 'vips:"172.20.0.70:8080"="10.0.1.10:80,10.0.1.11:80"' \
  external_ids:vendor=kube-ovn external_ids:ovn-dnat=dnat-web -- add Logical_Router vpc-a load_balancer @lb >/dev/null

probe backend-1 external "$(flow_tcp localnet.external "$UP" "$GW_EXT" 172.20.0.1 172.20.0.70 40000 8080)" "${CT_NEW[@]}" --lb-dst 10.0.1.10:80
probe backend-2 external "$(flow_tcp localnet.external "$UP" "$GW_EXT" 172.20.0.1 172.20.0.70 40000 8080)" "${CT_NEW[@]}" --lb-dst 10.0.1.11:80
