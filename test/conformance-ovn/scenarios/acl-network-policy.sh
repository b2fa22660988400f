# A kube-ovn NetworkPolicy "web" in ns4 (pkg/controller/network_policy.go shapes): port group
# web.ns4 = {web-0.ns4}; ingress allowed from $web.ns4.ingress.allow.IPv4.0 {10.0.4.11} on TCP 80,
# egress allowed to $web.ns4.egress.allow.IPv4.0 {10.0.4.11}, default drop both ways (priority
# 1000); the egress ACLs have options:apply-after-lb=true, as kube-ovn sets them.
#
# Learnt: an ACL with apply-after-lb runs in ls_in_acl_after_lb, after ls_in_lb, not in ls_in_acl.
#
# request ingress-allowed: from=ovn:client-0.ns4 src=10.0.4.11 dst=10.0.4.10 proto=tcp sport=40000 dport=80
# request ingress-denied-source: from=ovn:client-1.ns4 src=10.0.4.12 dst=10.0.4.10 proto=tcp sport=40000 dport=80
# request ingress-denied-port: from=ovn:client-0.ns4 src=10.0.4.11 dst=10.0.4.10 proto=tcp sport=40000 dport=443
# request egress-allowed: from=ovn:web-0.ns4 src=10.0.4.10 dst=10.0.4.11 proto=udp sport=40000 dport=53
# request egress-denied: from=ovn:web-0.ns4 src=10.0.4.10 dst=10.0.4.12 proto=icmp icmpId=3

chassis chassis-node-a 172.18.0.2 node-a
ko_router vpc-d
ko_subnet subnet-d vpc-d 10.0.4.0/24 10.0.4.1 00:00:00:1d:04:01
ko_pod subnet-d web-0 ns4 00:00:00:dd:00:10 10.0.4.10
ko_pod subnet-d client-0 ns4 00:00:00:dd:00:11 10.0.4.11
ko_pod subnet-d client-1 ns4 00:00:00:dd:00:12 10.0.4.12
ko_port_group web.ns4 np=ns4/web -- web-0.ns4
nb create Address_Set name=web.ns4.ingress.allow.IPv4.0 addresses='"10.0.4.11"' external_ids:vendor=kube-ovn external_ids:np=ns4/web >/dev/null
nb create Address_Set name=web.ns4.egress.allow.IPv4.0 addresses='"10.0.4.11"' external_ids:vendor=kube-ovn external_ids:np=ns4/web >/dev/null
acl() { # <direction> <priority> <match> <action> [options...]
  local d=$1 p=$2 m=$3 a=$4
  shift 4
  nb --id=@a create ACL direction="$d" priority="$p" match="\"${m//\"/\\\"}\"" action="$a" \
    external_ids:vendor=kube-ovn external_ids:policy-name=web external_ids:policy-namespace=ns4 "$@" \
    -- add Port_Group web.ns4 acls @a >/dev/null
}
acl to-lport 2001 'outport == @web.ns4 && ip && ip4.src == $web.ns4.ingress.allow.IPv4.0 && tcp.dst == 80' allow-related
acl to-lport 1000 'outport == @web.ns4 && ip' drop
acl from-lport 2001 'inport == @web.ns4 && ip && ip4.dst == $web.ns4.egress.allow.IPv4.0' allow-related options:apply-after-lb=true
acl from-lport 1000 'inport == @web.ns4 && ip' drop options:apply-after-lb=true

probe ingress-allowed subnet-d "$(flow_tcp client-0.ns4 00:00:00:dd:00:11 00:00:00:dd:00:10 10.0.4.11 10.0.4.10 40000 80)" "${CT_NEW[@]}"
probe ingress-denied-source subnet-d "$(flow_tcp client-1.ns4 00:00:00:dd:00:12 00:00:00:dd:00:10 10.0.4.12 10.0.4.10 40000 80)" "${CT_NEW[@]}"
probe ingress-denied-port subnet-d "$(flow_tcp client-0.ns4 00:00:00:dd:00:11 00:00:00:dd:00:10 10.0.4.11 10.0.4.10 40000 443)" "${CT_NEW[@]}"
probe egress-allowed subnet-d "$(flow_udp web-0.ns4 00:00:00:dd:00:10 00:00:00:dd:00:11 10.0.4.10 10.0.4.11 40000 53)" "${CT_NEW[@]}"
probe egress-denied subnet-d "$(flow_icmp web-0.ns4 00:00:00:dd:00:10 00:00:00:dd:00:12 10.0.4.10 10.0.4.12)" "${CT_NEW[@]}"
