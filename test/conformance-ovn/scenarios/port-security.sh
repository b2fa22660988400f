# Port security (kube-ovn's `ovn.kubernetes.io/port_security: "true"`: port_security = the pod's
# MAC and IP): a spoofed source address is dropped where the packet enters.
#
# Learnt: 23.03 splits it: ls_in_check_port_sec sets `reg0[15] = check_in_port_sec();` and
# ls_in_apply_port_sec drops when reg0[15] == 1.
#
# request legit: from=ovn:secure-0.ns1 src=10.0.1.20 dst=10.0.1.11 proto=tcp sport=40000 dport=80
# request spoofed-ip: from=ovn:secure-0.ns1 src=10.0.1.99 dst=10.0.1.11 proto=tcp sport=40000 dport=80

use vpc-a
ko_pod subnet-a secure-0 ns1 00:00:00:aa:00:20 10.0.1.20 port_security

probe legit subnet-a "$(flow_tcp secure-0.ns1 00:00:00:aa:00:20 "$APP1" 10.0.1.20 10.0.1.11 40000 80)" "${CT_NEW[@]}"
probe spoofed-ip subnet-a "$(flow_tcp secure-0.ns1 00:00:00:aa:00:20 "$APP1" 10.0.1.99 10.0.1.11 40000 80)" "${CT_NEW[@]}"
