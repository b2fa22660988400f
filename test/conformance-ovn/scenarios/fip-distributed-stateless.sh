# A distributed OvnFip with options:stateless=true (as seed 002 part 2): no conntrack, the NAT is
# a plain header rewrite (`ip4.src = …;` in lr_out_snat, `ip4.dst = …;` in lr_in_dnat).
#
# request egress: from=ovn:app-1.ns1 src=10.0.1.11 dst=172.20.0.1 proto=udp sport=5353 dport=53
# request ingress: from=ovn:localnet.external src=172.20.0.1 dst=172.20.0.52 proto=tcp sport=40000 dport=22

use vpc-a
nb --id=@n create NAT type=dnat_and_snat external_ip=172.20.0.52 logical_ip=10.0.1.11 \
  external_mac='"00:00:00:aa:00:11"' logical_port=app-1.ns1 options:stateless=true \
  external_ids:vendor=kube-ovn external_ids:ovn-fip=fip-app-1 -- add Logical_Router vpc-a nat @n >/dev/null

probe egress subnet-a "$(flow_udp app-1.ns1 "$APP1" "$GW_A" 10.0.1.11 172.20.0.1 5353 53)" "${CT_NEW[@]}"
probe ingress external "$(flow_tcp localnet.external "$UP" 00:00:00:aa:00:11 172.20.0.1 172.20.0.52 40000 22)" "${CT_NEW[@]}"
