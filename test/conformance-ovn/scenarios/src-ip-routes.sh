# Source-IP routes (`lr-route-add --policy=src-ip`, kube-ovn's centralized-subnet style): a
# src-ip route for subnet-d sends its traffic to another next hop than the destination routes.
#
# Learnt: 23.03's lr_in_ip_routing priority is prefix length * 3, + 1 for a dst-ip static route,
# + 2 for a connected network (a /24: src-ip 72, dst-ip 73, connected 74); so the longest prefix
# wins whatever the policy, and at equal length dst-ip beats src-ip. A src-ip route's flow
# matches `ip4.src == …` without the `reg7 == 0 &&` of dst-ip routes.
#
# request src-route: from=ovn:web-0.ns4 src=10.0.4.10 dst=203.0.113.5 proto=icmp icmpId=1
# request dst-beats-src: from=ovn:web-0.ns4 src=10.0.4.10 dst=198.51.100.5 proto=icmp icmpId=1
# request other-source: from=ovn:app-0.ns1 src=10.0.1.10 dst=203.0.113.5 proto=icmp icmpId=1

use vpc-a
ko_subnet subnet-d vpc-a 10.0.4.0/24 10.0.4.1 00:00:00:1a:04:01
ko_pod subnet-d web-0 ns4 00:00:00:dd:00:10 10.0.4.10
nb --policy=src-ip lr-route-add vpc-a 10.0.4.0/24 172.20.0.4
nb lr-route-add vpc-a 198.51.100.0/24 172.20.0.2
mac_binding vpc-a vpc-a-external 172.20.0.2 00:00:00:00:ee:02
mac_binding vpc-a vpc-a-external 172.20.0.4 00:00:00:00:ee:04

probe src-route subnet-d "$(flow_icmp web-0.ns4 00:00:00:dd:00:10 00:00:00:1a:04:01 10.0.4.10 203.0.113.5)" "${CT_NEW[@]}"
probe dst-beats-src subnet-d "$(flow_icmp web-0.ns4 00:00:00:dd:00:10 00:00:00:1a:04:01 10.0.4.10 198.51.100.5)" "${CT_NEW[@]}"
probe other-source subnet-a "$(flow_icmp app-0.ns1 "$APP0" "$GW_A" 10.0.1.10 203.0.113.5)" "${CT_NEW[@]}"
