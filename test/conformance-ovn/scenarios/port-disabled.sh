# A disabled logical switch port (`enabled=false`: kube-ovn sets it while a pod's port is not ready,
# and an operator may set it by hand): nothing enters by it and nothing is delivered to it.
#
# Learnt: 23.03 drops what enters by a disabled port in ls_in_apply_port_sec (ls_in_check_port_sec
# sets reg0[15] = 1 for `inport == "<port>"` at priority 100), and a frame for its MAC already in
# ls_in_l2_lkup (`eth.dst == <mac>` -> drop): the egress pipeline never sees it.
#
# request from-disabled: from=ovn:parked-0.ns1 src=10.0.1.30 dst=10.0.1.11 proto=tcp sport=40000 dport=80
# request to-disabled: from=ovn:app-1.ns1 src=10.0.1.11 dst=10.0.1.30 proto=tcp sport=40000 dport=80

use vpc-a
ko_pod subnet-a parked-0 ns1 00:00:00:aa:00:30 10.0.1.30
nb lsp-set-enabled parked-0.ns1 disabled

probe from-disabled subnet-a "$(flow_tcp parked-0.ns1 00:00:00:aa:00:30 "$APP1" 10.0.1.30 10.0.1.11 40000 80)" "${CT_NEW[@]}"
probe to-disabled subnet-a "$(flow_tcp app-1.ns1 "$APP1" 00:00:00:aa:00:30 10.0.1.11 10.0.1.30 40000 80)" "${CT_NEW[@]}"
