# An OvnFip with external_mac + logical_port (ovn-external-gw-config type: distributed): the NAT
# runs on the chassis of app-0.ns1 and the packet leaves with the external_mac.
#
# request egress: from=ovn:app-0.ns1 src=10.0.1.10 dst=172.20.0.1 proto=tcp sport=40000 dport=443
# request ingress: from=ovn:localnet.external src=172.20.0.1 dst=172.20.0.51 proto=icmp icmpId=9

use vpc-a
nb --id=@n create NAT type=dnat_and_snat external_ip=172.20.0.51 logical_ip=10.0.1.10 \
  external_mac='"00:00:00:aa:00:10"' logical_port=app-0.ns1 \
  external_ids:vendor=kube-ovn external_ids:ovn-fip=fip-app-0 -- add Logical_Router vpc-a nat @n >/dev/null

probe egress subnet-a "$(flow_tcp app-0.ns1 "$APP0" "$GW_A" 10.0.1.10 172.20.0.1 40000 443)" "${CT_NEW[@]}"
probe ingress external "$(flow_icmp localnet.external "$UP" 00:00:00:aa:00:10 172.20.0.1 172.20.0.51)" "${CT_NEW[@]}"
