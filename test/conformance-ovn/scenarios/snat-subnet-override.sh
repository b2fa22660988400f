# An OvnSnatRule for the whole subnet (10.0.1.0/24 -> 172.20.0.60) and one for a single pod
# (10.0.1.12/32 -> 172.20.0.61): the /32 wins (longer logical prefix, higher lr_out_snat priority).
#
# request subnet: from=ovn:app-0.ns1 src=10.0.1.10 dst=172.20.0.1 proto=tcp sport=40000 dport=80
# request override: from=ovn:app-2.ns2 src=10.0.1.12 dst=172.20.0.1 proto=tcp sport=40000 dport=80
# request override-icmp: from=ovn:app-2.ns2 src=10.0.1.12 dst=172.20.0.1 proto=icmp icmpId=3

use vpc-a
nb --id=@n create NAT type=snat external_ip=172.20.0.60 logical_ip=10.0.1.0/24 \
  external_ids:vendor=kube-ovn external_ids:ovn-snat=snat-subnet-a -- add Logical_Router vpc-a nat @n >/dev/null
nb --id=@n create NAT type=snat external_ip=172.20.0.61 logical_ip=10.0.1.12 \
  external_ids:vendor=kube-ovn external_ids:ovn-snat=snat-app-2 -- add Logical_Router vpc-a nat @n >/dev/null

probe subnet subnet-a "$(flow_tcp app-0.ns1 "$APP0" "$GW_A" 10.0.1.10 172.20.0.1 40000 80)" "${CT_NEW[@]}"
probe override subnet-a "$(flow_tcp app-2.ns2 "$APP2" "$GW_A" 10.0.1.12 172.20.0.1 40000 80)" "${CT_NEW[@]}"
probe override-icmp subnet-a "$(flow_icmp app-2.ns2 "$APP2" "$GW_A" 10.0.1.12 172.20.0.1)" "${CT_NEW[@]}"
