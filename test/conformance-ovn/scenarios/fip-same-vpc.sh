# A pod calls the FIP of another pod of its own VPC (centralized dnat_and_snat for app-1): the
# router DNATs it and, because source and destination are both inside, hairpins it back into
# subnet-a.
#
# request to-fip: from=ovn:app-0.ns1 src=10.0.1.10 dst=172.20.0.55 proto=tcp sport=40000 dport=80
# request to-fip-icmp: from=ovn:app-0.ns1 src=10.0.1.10 dst=172.20.0.55 proto=icmp icmpId=4

use vpc-a
nb --id=@n create NAT type=dnat_and_snat external_ip=172.20.0.55 logical_ip=10.0.1.11 \
  external_ids:vendor=kube-ovn external_ids:ovn-fip=fip-app-1 -- add Logical_Router vpc-a nat @n >/dev/null

probe to-fip subnet-a "$(flow_tcp app-0.ns1 "$APP0" "$GW_A" 10.0.1.10 172.20.0.55 40000 80)" "${CT_NEW[@]}"
probe to-fip-icmp subnet-a "$(flow_icmp app-0.ns1 "$APP0" "$GW_A" 10.0.1.10 172.20.0.55)" "${CT_NEW[@]}"
