# A kube-ovn private Subnet (spec.private: true, allowSubnets: [10.0.1.0/24]) as switch ACLs on
# subnet-f: to-lport allow-related from itself and the allowed subnets, drop for the rest.
#
# Learnt: the to-lport ACL decides in the egress pipeline of the destination switch, after the
# packet has crossed the router (TTL 63 at the drop or the output).
#
# request allowed-subnet: from=ovn:app-0.ns1 src=10.0.1.10 dst=10.0.6.10 proto=tcp sport=40000 dport=3306
# request denied-subnet: from=ovn:web-0.ns4 src=10.0.4.10 dst=10.0.6.10 proto=tcp sport=40000 dport=3306
# request same-subnet: from=ovn:db-1.ns6 src=10.0.6.11 dst=10.0.6.10 proto=icmp icmpId=1

use vpc-a
ko_subnet subnet-d vpc-a 10.0.4.0/24 10.0.4.1 00:00:00:1a:04:01
ko_pod subnet-d web-0 ns4 00:00:00:dd:00:10 10.0.4.10
ko_subnet subnet-f vpc-a 10.0.6.0/24 10.0.6.1 00:00:00:1a:06:01
ko_pod subnet-f db-0 ns6 00:00:00:ff:00:10 10.0.6.10
ko_pod subnet-f db-1 ns6 00:00:00:ff:00:11 10.0.6.11
nb --id=@a create ACL direction=to-lport priority=1001 match='"ip4.src == {10.0.6.0/24, 10.0.1.0/24} && ip4.dst == 10.0.6.0/24"' \
  action=allow-related external_ids:vendor=kube-ovn external_ids:subnet=subnet-f -- add Logical_Switch subnet-f acls @a >/dev/null
nb --id=@a create ACL direction=to-lport priority=1000 match='"ip4.dst == 10.0.6.0/24"' \
  action=drop external_ids:vendor=kube-ovn external_ids:subnet=subnet-f -- add Logical_Switch subnet-f acls @a >/dev/null

probe allowed-subnet subnet-a "$(flow_tcp app-0.ns1 "$APP0" "$GW_A" 10.0.1.10 10.0.6.10 40000 3306)" "${CT_NEW[@]}"
probe denied-subnet subnet-d "$(flow_tcp web-0.ns4 00:00:00:dd:00:10 00:00:00:1a:04:01 10.0.4.10 10.0.6.10 40000 3306)" "${CT_NEW[@]}"
probe same-subnet subnet-f "$(flow_icmp db-1.ns6 00:00:00:ff:00:11 00:00:00:ff:00:10 10.0.6.11 10.0.6.10)" "${CT_NEW[@]}"
