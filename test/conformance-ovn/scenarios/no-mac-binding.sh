# A next hop outside OVN without an SB MAC_Binding: the router sends an ARP request instead of the
# packet.
#
# Learnt: lr_in_arp_resolve prints `get_arp(outport, reg0); /* No MAC binding. */`, then
# lr_in_arp_request (priority 100, `eth.dst == 00:00:00:00:00:00`) runs `arp { eth.dst =
# ff:ff:ff:ff:ff:ff; arp.spa = reg1; arp.tpa = reg0; arp.op = 1; output; }`; what follows (the
# `arp` section, the flood to _MC_flood_l2, the output to localnet.external) is the ARP request,
# not the traced packet. ovn-trace reads only SB MAC_Binding, never NB/SB Static_MAC_Binding,
# which ovn-controller does use: no probe here has a static binding, since ovn-trace would send an
# ARP request where the real datapath would not.
#
# request unbound-host: from=ovn:app-0.ns1 src=10.0.1.10 dst=172.20.0.99 proto=icmp icmpId=8
# request via-static-route: from=ovn:app-0.ns1 src=10.0.1.10 dst=198.51.100.7 proto=tcp sport=40000 dport=443

use vpc-a
nb lr-route-add vpc-a 198.51.100.0/24 172.20.0.254

probe unbound-host subnet-a "$(flow_icmp app-0.ns1 "$APP0" "$GW_A" 10.0.1.10 172.20.0.99)" "${CT_NEW[@]}"
probe via-static-route subnet-a "$(flow_tcp app-0.ns1 "$APP0" "$GW_A" 10.0.1.10 198.51.100.7 40000 443)" "${CT_NEW[@]}"
