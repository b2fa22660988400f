# ACL actions side by side on one switch: reject (TCP and UDP), allow, allow-related,
# allow-stateless, drop; and an established reply through an allow-related ACL.
#
# Learnt: the NB schema of 23.03 (7.0.0) has no ACL `tier` column and no `pass` action
# (actions: allow, allow-related, allow-stateless, drop, reject), so tiers cannot be tested here.
# `reject` in ls_out_acl becomes `reject { outport <-> inport; next(pipeline=ingress,table=…); }`:
# ovn-trace prints a `tcp_reset` (TCP) or `icmp4` (others: port unreachable) section and switches
# it back to the sender. allow-stateless ACLs bypass conntrack (ls_in_pre_acl `flags.skip_...`).
# An established reply needs `--ct est,rpl`: with plain `--ct est` (no rpl bit) ovn-trace treats
# it as an established packet of the original direction, and ACLs still apply to it (a drop ACL
# then commits ct_label.blocked = 1 and the trace ends without output or drop line).
#
# request reject-tcp: from=ovn:app-0.ns1 src=10.0.1.10 dst=10.0.1.11 proto=tcp sport=40000 dport=23
# request reject-udp: from=ovn:app-0.ns1 src=10.0.1.10 dst=10.0.1.11 proto=udp sport=40000 dport=69
# request allow: from=ovn:app-0.ns1 src=10.0.1.10 dst=10.0.1.11 proto=tcp sport=40000 dport=8080
# request allow-related: from=ovn:app-0.ns1 src=10.0.1.10 dst=10.0.1.11 proto=tcp sport=40000 dport=80
# request allow-stateless: from=ovn:app-0.ns1 src=10.0.1.10 dst=10.0.1.11 proto=udp sport=40000 dport=53
# request drop-rest: from=ovn:app-0.ns1 src=10.0.1.10 dst=10.0.1.11 proto=icmp icmpId=1
# request established-reply: from=ovn:app-1.ns1 src=10.0.1.11 dst=10.0.1.10 proto=tcp sport=80 dport=40000 tcpFlags=ACK

use vpc-a
nb acl-add subnet-a to-lport 1100 'outport == "app-1.ns1" && tcp.dst == 23' reject
nb acl-add subnet-a to-lport 1100 'outport == "app-1.ns1" && udp.dst == 69' reject
nb acl-add subnet-a to-lport 1100 'outport == "app-1.ns1" && tcp.dst == 8080' allow
nb acl-add subnet-a to-lport 1100 'outport == "app-1.ns1" && tcp.dst == 80' allow-related
nb acl-add subnet-a to-lport 1100 'outport == "app-1.ns1" && udp.dst == 53' allow-stateless
nb acl-add subnet-a to-lport 1000 'outport == "app-1.ns1" && ip' drop

probe reject-tcp subnet-a "$(flow_tcp app-0.ns1 "$APP0" "$APP1" 10.0.1.10 10.0.1.11 40000 23)" "${CT_NEW[@]}"
probe reject-udp subnet-a "$(flow_udp app-0.ns1 "$APP0" "$APP1" 10.0.1.10 10.0.1.11 40000 69)" "${CT_NEW[@]}"
probe allow subnet-a "$(flow_tcp app-0.ns1 "$APP0" "$APP1" 10.0.1.10 10.0.1.11 40000 8080)" "${CT_NEW[@]}"
probe allow-related subnet-a "$(flow_tcp app-0.ns1 "$APP0" "$APP1" 10.0.1.10 10.0.1.11 40000 80)" "${CT_NEW[@]}"
probe allow-stateless subnet-a "$(flow_udp app-0.ns1 "$APP0" "$APP1" 10.0.1.10 10.0.1.11 40000 53)" "${CT_NEW[@]}"
probe drop-rest subnet-a "$(flow_icmp app-0.ns1 "$APP0" "$APP1" 10.0.1.10 10.0.1.11)" "${CT_NEW[@]}"
probe established-reply subnet-a "$(flow_tcp app-1.ns1 "$APP1" "$APP0" 10.0.1.11 10.0.1.10 80 40000 0x010)" --ct est,rpl --ct est,rpl --ct est,rpl --ct est,rpl --ct est,rpl --ct est,rpl
