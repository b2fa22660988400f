# Seed 002, part 2.1 (examples/002-ovn-fip-distributed): every flow of its README, on the NB rebuilt
# by its own capture.sh, unchanged: vpc1's two distributed FIPs (external_mac + logical_port +
# options:stateless=true).
# capture: nb-list
#
# Learnt: `ovn-nbctl show` (23.03) never prints the addresses of router-type switch ports, while
# kube-ovn writes addresses=["router"] (pkg/ovs/ovn-nb.go CreateRouterPortOp); a rebuild from
# `show` alone must add them. Without them northd has no L2 entry for the router port's MAC: a
# pod's frame to its gateway ends in ls_in_l2_unknown (`drop;`: no port has "unknown"), and a
# frame from the localnet port is flooded to _MC_unknown, whose only member is the localnet port
# itself, so ovn-trace omits it ("inport == outport && !flags.loopback"): nothing is delivered.
# The probes here follow whatever capture.sh builds.
#
# request fip-egress-netshoot-0: from=ovn:nginx-netshoot-0.default src=192.168.0.2 dst=172.19.0.1 proto=icmp icmpId=1
# request fip-ingress-netshoot-1: from=ovn:localnet.external src=172.19.0.1 dst=172.19.0.13 proto=icmp icmpId=1

from_capture 002-ovn-fip-distributed
chassis b177a84b-74e5-498a-9501-13e6628b796f 172.18.0.3 kube-ovn-worker
chassis 2c47abdb-6350-4373-a839-68c7181d964a 172.18.0.2 kube-ovn-control-plane
bind nginx-netshoot-0.default b177a84b-74e5-498a-9501-13e6628b796f
bind nginx-netshoot-1.default 2c47abdb-6350-4373-a839-68c7181d964a
mac_binding vpc1 vpc1-external 172.19.0.1 02:42:57:db:a9:c6

probe fip-egress-netshoot-0 vpc1-subnet1 "$(flow_icmp nginx-netshoot-0.default 00:00:00:c4:5b:ce 00:00:00:a8:9f:b5 192.168.0.2 172.19.0.1)" "${CT_NEW[@]}"
probe fip-ingress-netshoot-1 external "$(flow_icmp localnet.external 02:42:57:db:a9:c6 00:00:00:f2:0d:7b 172.19.0.1 172.19.0.13)" "${CT_NEW[@]}"
