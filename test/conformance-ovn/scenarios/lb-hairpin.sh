# Load-balancer hairpin: a backend calls its own Service VIP and is chosen as the backend.
#
# Learnt: with options:hairpin_snat_ip on the load balancer, 23.03's logical flows are the same
# (ls_in_nat_hairpin `ct_snat_to_vip;`, printed as `/* nat(src=<the VIP>) */`): ovn-controller applies
# hairpin_snat_ip in its own OpenFlow tables, which ovn-trace does not model, so no scenario can check
# it here; the engine ends such a trace UNKNOWN instead of guessing.
#
# request self: from=ovn:app-0.ns1 src=10.0.1.10 dst=10.96.0.20 proto=tcp sport=40000 dport=80 backend=10.0.1.10:8080
# request other: from=ovn:app-0.ns1 src=10.0.1.10 dst=10.96.0.20 proto=tcp sport=40000 dport=80 backend=10.0.1.11:8080

use vpc-a
nb --id=@lb create Load_Balancer name=vpc-a-tcp-load protocol=tcp 'vips:"10.96.0.20:80"="10.0.1.10:8080,10.0.1.11:8080"' \
  external_ids:vendor=kube-ovn -- add Logical_Switch subnet-a load_balancer @lb >/dev/null

probe self subnet-a "$(flow_tcp app-0.ns1 "$APP0" "$GW_A" 10.0.1.10 10.96.0.20 40000 80)" "${CT_NEW[@]}" --lb-dst 10.0.1.10:8080
probe other subnet-a "$(flow_tcp app-0.ns1 "$APP0" "$GW_A" 10.0.1.10 10.96.0.20 40000 80)" "${CT_NEW[@]}" --lb-dst 10.0.1.11:8080
