#!/bin/bash
# Seed 000 end to end: VM -> OVN (subnet-skwgfk6s, vpc-iwm2hkn4) -> the NAT gateway's eth0 ->
# netfilter -> net1 -> the external gateway. A ping running before the EIP is bound keeps its
# un-NATed conntrack entry (leaves un-NATed, no route back at ext); a new ping is SNATed to the EIP
# and its reply comes back through the gateway's un-SNAT and the switch to the VM.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/seed000-setup.sh"

bg nx vm ping -i 0.2 -e 27281 192.169.100.1 >/dev/null 2>&1
sleep 0.7
bind_eip
sleep 0.3

case_begin stale-ping --from vm --src 13.13.0.4 --dst 192.169.100.1 -p icmp --icmp-id 27281 --round-trip
wire gw req eth0 --proto icmp --id 27281
listen ext old icmp --id 27281
sleep 0.5
outcome delivered ext old
outcome --reply dropped ext NO_ROUTE IcmpInEchos '!IcmpOutEchoReps'
crossing request vm-to-gw subnet-skwgfk6s gw:eth0 req "$(icmp_flow "$VM_PORT" "$VM_MAC" "$LRP_MAC" 13.13.0.4 192.169.100.1 64 8)" "${CT_NEW[@]}"
case_end
kill "${BGPIDS[0]}" 2>/dev/null

case_begin new-ping --snapshot stale-ping --from vm --src 13.13.0.4 --dst 192.169.100.1 -p icmp --icmp-id 4242 --round-trip
wire gw req eth0 --proto icmp --id 4242
wire vm rep eth0 --proto icmp --id 4242
listen ext req icmp --id 4242
listen vm rep icmp --id 4242
nx vm ping -c 1 -W 1 -e 4242 192.169.100.1 >/dev/null || die "the new ping got no reply"
outcome delivered ext req
outcome --reply delivered vm rep
crossing request vm-to-gw subnet-skwgfk6s gw:eth0 req "$(icmp_flow "$VM_PORT" "$VM_MAC" "$LRP_MAC" 13.13.0.4 192.169.100.1 64 8)" "${CT_NEW[@]}"
# the gateway's echo reply, un-SNATed, forwarded out eth0 (TTL 63) to the on-link VM
crossing reply gw-to-vm subnet-skwgfk6s vm:eth0 rep "$(icmp_flow "$GW_PORT" "$GW_MAC" "$VM_MAC" 192.169.100.1 13.13.0.4 63 0)" "${CT_NEW[@]}"
case_end
scenario_end
