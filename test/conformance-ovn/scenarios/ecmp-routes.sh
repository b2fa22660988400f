# ECMP static routes (`--ecmp`, kube-ovn's ECMP staticRoutes): two next hops for 10.8.0.0/16, each
# member pinned with ovn-trace --select-id.
#
# Learnt: lr_in_ip_routing sets `reg8[16..31] = select(1=100, 2=100);` and ovn-trace prints a
# `select: reg8[16..31] = 1 /* Randomly selected. Use --select-id to specify. */` section unless
# --select-id is given; lr_in_ip_routing_ecmp then sets reg0 (the next hop), eth.src and outport
# for that member. The member ids follow the order of the routes in the router's static_routes
# set, that is of their UUIDs: with fresh UUIDs, --select-id=1 is one next hop in one run and the
# other in the next. The routes here get fixed UUIDs, so member 1 is always the same one. The
# hookpath request pins the member by its next hop (`choose=`, the contract's --choose).
#
# request member-1: from=ovn:app-0.ns1 src=10.0.1.10 dst=10.8.0.1 proto=icmp icmpId=1 choose=172.20.0.2
# request member-2: from=ovn:app-0.ns1 src=10.0.1.10 dst=10.8.0.1 proto=icmp icmpId=1 choose=172.20.0.3

use vpc-a
route() { # <uuid> <next hop>
  nb --id="$1" create Logical_Router_Static_Route ip_prefix=10.8.0.0/16 nexthop="$2" external_ids:vendor=kube-ovn \
    -- add Logical_Router vpc-a static_routes "$1" >/dev/null
}
route 1ecb0001-0000-4000-8000-000000000001 172.20.0.2
route 1ecb0002-0000-4000-8000-000000000002 172.20.0.3
mac_binding vpc-a vpc-a-external 172.20.0.2 00:00:00:00:ee:02
mac_binding vpc-a vpc-a-external 172.20.0.3 00:00:00:00:ee:03

probe member-1 subnet-a "$(flow_icmp app-0.ns1 "$APP0" "$GW_A" 10.0.1.10 10.8.0.1)" "${CT_NEW[@]}" --select-id=1
probe member-2 subnet-a "$(flow_icmp app-0.ns1 "$APP0" "$GW_A" 10.0.1.10 10.8.0.1)" "${CT_NEW[@]}" --select-id=2
