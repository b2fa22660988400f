# Traffic from outside, not a reply, to an external IP that only an snat row uses (172.20.0.60).
#
# Learnt: lr_in_unsnat finds no un-SNAT entry, routing sends the packet back out of
# vpc-a-external, and lr_in_arp_resolve drops it (priority 150: inport == outport && ip4.dst ==
# the NAT IP) — for ICMP echo, TCP and UDP alike.
#
# request icmp: from=ovn:localnet.external src=172.20.0.1 dst=172.20.0.60 proto=icmp icmpId=5
# request tcp: from=ovn:localnet.external src=172.20.0.1 dst=172.20.0.60 proto=tcp sport=40000 dport=80
# request udp: from=ovn:localnet.external src=172.20.0.1 dst=172.20.0.60 proto=udp sport=40000 dport=53

use vpc-a
nb --id=@n create NAT type=snat external_ip=172.20.0.60 logical_ip=10.0.1.0/24 \
  external_ids:vendor=kube-ovn external_ids:ovn-snat=snat-subnet-a -- add Logical_Router vpc-a nat @n >/dev/null

probe icmp external "$(flow_icmp localnet.external "$UP" "$GW_EXT" 172.20.0.1 172.20.0.60)" "${CT_NEW[@]}"
probe tcp external "$(flow_tcp localnet.external "$UP" "$GW_EXT" 172.20.0.1 172.20.0.60 40000 80)" "${CT_NEW[@]}"
probe udp external "$(flow_udp localnet.external "$UP" "$GW_EXT" 172.20.0.1 172.20.0.60 40000 53)" "${CT_NEW[@]}"
