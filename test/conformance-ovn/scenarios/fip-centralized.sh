# An OvnFip without external_mac/logical_port (ovn-external-gw-config type: centralized): the
# dnat_and_snat runs on the gateway chassis of vpc-a-external; packets leave with that port's MAC.
#
# Learnt: ovn-trace prints the NAT as a transformation title, with the argument only when the
# address changes: `ct_snatin_czone(ip4.src=172.20.0.50)` (23.03 drops the underscore of
# ct_snat_in_czone); the un-NAT lookups print `ct_dnatin_czone /* assuming no un-dnat entry, so
# no change */`. The egress is redirected to cr-vpc-a-external in lr_in_gw_redirect and ovn-trace
# prints `Replacing type "chassisredirect" outport ... with distributed port "vpc-a-external"`.
#
# request egress: from=ovn:app-0.ns1 src=10.0.1.10 dst=172.20.0.1 proto=icmp icmpId=7
# request ingress: from=ovn:localnet.external src=172.20.0.1 dst=172.20.0.50 proto=tcp sport=40000 dport=80

use vpc-a
nb --id=@n create NAT type=dnat_and_snat external_ip=172.20.0.50 logical_ip=10.0.1.10 \
  external_ids:vendor=kube-ovn external_ids:ovn-fip=fip-app-0 -- add Logical_Router vpc-a nat @n >/dev/null

probe egress subnet-a "$(flow_icmp app-0.ns1 "$APP0" "$GW_A" 10.0.1.10 172.20.0.1)" "${CT_NEW[@]}"
probe ingress external "$(flow_tcp localnet.external "$UP" "$GW_EXT" 172.20.0.1 172.20.0.50 40000 80)" "${CT_NEW[@]}"
