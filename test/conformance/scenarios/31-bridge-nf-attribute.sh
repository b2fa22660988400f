#!/bin/bash
# The bridge's own nf_call_iptables attribute (oracle fact 9): with the namespace's
# net.bridge.bridge-nf-call-iptables at 0, `ip link set cni0 type bridge nf_call_iptables 1`
# alone sends bridged IPv4 through iptables (br_nf_pre_routing tests the bridge option or the
# namespace setting). With both off, a frame between two ports never meets iptables: the
# FORWARD rule's counter stays at 0 and the kernel prints no trace line for it.
. "$(dirname "$0")/../lib.sh"
. "$CONF_DIR/lib-bridge.sh"
bridge_pods
bridge_nf node 0
nx node ip link set cni0 type bridge nf_call_iptables 1 || die "cannot set nf_call_iptables on cni0"
rules node <<'RULES'
*nat
:PREROUTING ACCEPT [0:0]
:INPUT ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
:POSTROUTING ACCEPT [0:0]
-A PREROUTING -d 10.96.0.20/32 -p tcp -m tcp --dport 80 -j DNAT --to-destination 10.244.0.3:8080
COMMIT
*filter
:INPUT ACCEPT [0:0]
:FORWARD ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
-A FORWARD -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT
-A FORWARD -p udp -m udp --dport 5310 -j ACCEPT
COMMIT
RULES

# pod to pod, switched by the bridge: FORWARD sees it because of the attribute
case_begin attr-direct --from pa --src 10.244.0.2 --dst 10.244.0.3 -p udp --sport 40311 --dport 5310
listen pb got udp --port 5310
send pa tx udp --src 10.244.0.2 --sport 40311 --dst 10.244.0.3 --dport 5310
outcome delivered pb got
case_end

# the Service call works both ways with the attribute alone (reply un-DNATed by conntrack)
case_begin attr-service --snapshot attr-direct --from pa --src 10.244.0.2 --dst 10.96.0.20 -p tcp --sport 40312 --dport 80 --round-trip
listen pb acc tcp --port 8080
send pa conn tcp --src 10.244.0.2 --sport 40312 --dst 10.96.0.20 --dport 80
[ "$(result conn .result)" = connected ] || die "connect with cni0 nf_call_iptables 1: $(result conn .)"
outcome delivered pb acc
outcome --reply delivered pa conn
case_end

nx node ip link set cni0 type bridge nf_call_iptables 0
before=$(rule_packets node filter FORWARD 2)
case_begin attr-off --from pa --src 10.244.0.2 --dst 10.244.0.3 -p udp --sport 40313 --dport 5310
listen pb got udp --port 5310
send pa tx udp --src 10.244.0.2 --sport 40313 --dst 10.244.0.3 --dport 5310
[ "$(rule_packets node filter FORWARD 2)" = "$before" ] || die "with both settings off the FORWARD rule should not count the bridged frame"
outcome delivered pb got
case_end
scenario_end
