#!/bin/bash
# Seed 000, inbound: the external gateway pings the EIP 192.169.100.2; the NAT gateway's
# EXCLUSIVE_DNAT sends it to 13.13.0.4 out of eth0, into OVN at the gateway's port, and the switch
# delivers it to the VM (on-link, no router hop).
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/seed000-setup.sh"
bind_eip

case_begin inbound-eip --from ext --src 192.169.100.1 --dst 192.169.100.2 -p icmp --icmp-id 4343
wire vm req eth0 --proto icmp --id 4343
listen vm req icmp --id 4343
nx ext ping -c 1 -W 1 -e 4343 192.169.100.2 >/dev/null || die "the inbound ping got no reply"
outcome delivered vm req
crossing request gw-to-vm subnet-skwgfk6s vm:eth0 req "$(icmp_flow "$GW_PORT" "$GW_MAC" "$VM_MAC" 192.169.100.1 13.13.0.4 63 8)" "${CT_NEW[@]}"
case_end
scenario_end
