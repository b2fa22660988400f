# kube-ovn SecurityGroup ACLs on port groups (pkg/ovs/ovn-nb-acl.go shapes): app-1 is in
# ovn.sg.kubeovn_deny_all (drop both ways at 2003) and in ovn.sg.sg.web, whose rules allow
# (allow-related) TCP 80 in from the address set ovn.sg.sg.web.ingress.allow.v4 {10.0.1.10} and
# everything out.
#
# Learnt: ACLs run in ls_in_acl (from-lport) and ls_out_acl (to-lport) at priority 1000 + the NB
# priority, and 23.03 prefixes the match with the conntrack hint (`reg0[7] == 1 && (…)` for a new
# connection, `reg0[9] == 1` for a drop); a to-lport ACL decides in the egress pipeline of the
# destination's switch, after the packet was already switched.
#
# request sg-allow-in: from=ovn:app-0.ns1 src=10.0.1.10 dst=10.0.1.11 proto=tcp sport=40000 dport=80
# request sg-deny-port: from=ovn:app-0.ns1 src=10.0.1.10 dst=10.0.1.11 proto=tcp sport=40000 dport=22
# request sg-deny-source: from=ovn:app-2.ns2 src=10.0.1.12 dst=10.0.1.11 proto=tcp sport=40000 dport=80
# request sg-allow-out: from=ovn:app-1.ns1 src=10.0.1.11 dst=10.0.1.12 proto=udp sport=40000 dport=53

use vpc-a
ko_port_group ovn.sg.kubeovn_deny_all type=security_group sg=kubeovn_deny_all -- app-1.ns1
ko_port_group ovn.sg.sg.web type=security_group sg=sg-web -- app-1.ns1
nb create Address_Set name=ovn.sg.sg.web.ingress.allow.v4 addresses='"10.0.1.10"' external_ids:vendor=kube-ovn external_ids:sg=sg-web >/dev/null
acl() { # <direction> <priority> <match> <action> [external_ids]
  local ids=(external_ids:vendor=kube-ovn external_ids:sg=sg-web)
  nb --id=@a create ACL direction="$1" priority="$2" match="\"${3//\"/\\\"}\"" action="$4" "${ids[@]}" -- add Port_Group "$5" acls @a >/dev/null
}
acl to-lport 2003 'outport == @ovn.sg.kubeovn_deny_all && ip' drop ovn.sg.kubeovn_deny_all
acl from-lport 2003 'inport == @ovn.sg.kubeovn_deny_all && ip' drop ovn.sg.kubeovn_deny_all
acl to-lport 2104 'outport == @ovn.sg.sg.web && ip4 && ip4.src == $ovn.sg.sg.web.ingress.allow.v4 && tcp.dst == 80' allow-related ovn.sg.sg.web
acl from-lport 2104 'inport == @ovn.sg.sg.web && ip4' allow-related ovn.sg.sg.web

probe sg-allow-in subnet-a "$(flow_tcp app-0.ns1 "$APP0" "$APP1" 10.0.1.10 10.0.1.11 40000 80)" "${CT_NEW[@]}"
probe sg-deny-port subnet-a "$(flow_tcp app-0.ns1 "$APP0" "$APP1" 10.0.1.10 10.0.1.11 40000 22)" "${CT_NEW[@]}"
probe sg-deny-source subnet-a "$(flow_tcp app-2.ns2 "$APP2" "$APP1" 10.0.1.12 10.0.1.11 40000 80)" "${CT_NEW[@]}"
probe sg-allow-out subnet-a "$(flow_udp app-1.ns1 "$APP1" "$APP2" 10.0.1.11 10.0.1.12 40000 53)" "${CT_NEW[@]}"
