#!/bin/bash
# -m set with every set type this kernel creates and the direction flags (src, dst, src,dst,
# dst,dst, three dimensions, an interface dimension), `!`, and list:set. bitmap:ip,mac needs the
# sender's MAC and is kept to the udp case so that the others do not depend on it.
# Not in this kernel: hash:net,net, hash:net,port,net, hash:mac, hash:ip,mark ("set type not
# supported").
. "$(dirname "$0")/../lib.sh"
line3
CLMAC=$(nx cl cat /sys/class/net/eth0/address)
nx gw ipset restore <<SETS || die "ipset restore"
create s_ip hash:ip family inet
add s_ip 10.1.0.2
create s_net hash:net family inet
add s_net 10.2.0.0/24
create s_ipport hash:ip,port family inet
add s_ipport 10.2.0.2,tcp:80
add s_ipport 10.2.0.2,udp:53
add s_ipport 10.2.0.2,icmp:echo-request
create s_netport hash:net,port family inet
add s_netport 10.1.0.0/24,tcp:40000-40010
create s_ipportip hash:ip,port,ip family inet
add s_ipportip 10.2.0.2,tcp:80,10.1.0.2
create s_ipportnet hash:ip,port,net family inet
add s_ipportnet 10.2.0.2,tcp:80,10.1.0.0/24
create s_netiface hash:net,iface family inet
add s_netiface 10.1.0.0/24,eth0
create s_bport bitmap:port range 0-1024
add s_bport 80
add s_bport 53
create s_bip bitmap:ip range 10.1.0.0/24
add s_bip 10.1.0.2
create s_ipmac bitmap:ip,mac range 10.1.0.0/24
add s_ipmac 10.1.0.2,$CLMAC
create s_list list:set
add s_list s_ip
add s_list s_net
SETS
rules gw <<'RULES'
*filter
:INPUT ACCEPT [0:0]
:FORWARD ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
:HIT - [0:0]
-A FORWARD -m set --match-set s_ip src -j HIT
-A FORWARD -m set --match-set s_ip dst -j HIT
-A FORWARD -m set ! --match-set s_ip dst -j HIT
-A FORWARD -m set --match-set s_net dst -j HIT
-A FORWARD -m set ! --match-set s_net dst -j HIT
-A FORWARD -m set --match-set s_net src -j HIT
-A FORWARD -m set --match-set s_ipport dst,dst -j HIT
-A FORWARD -m set --match-set s_ipport src,dst -j HIT
-A FORWARD -m set --match-set s_netport src,src -j HIT
-A FORWARD -m set --match-set s_ipportip dst,dst,src -j HIT
-A FORWARD -m set --match-set s_ipportnet dst,dst,src -j HIT
-A FORWARD -m set --match-set s_ipportnet src,dst,src -j HIT
-A FORWARD -m set --match-set s_netiface src,src -j HIT
-A FORWARD -m set --match-set s_netiface src,dst -j HIT
-A FORWARD -m set --match-set s_bport dst -j HIT
-A FORWARD -m set --match-set s_bport src -j HIT
-A FORWARD -m set --match-set s_bip src -j HIT
-A FORWARD -m set --match-set s_list src -j HIT
-A FORWARD -m set --match-set s_list dst -j HIT
-A FORWARD -p udp -m set --match-set s_ipmac src,src -j HIT
COMMIT
RULES

case_begin tcp --from cl --src 10.1.0.2 --dst 10.2.0.2 -p tcp --sport 40001 --dport 80
listen srv acc tcp --port 80
send cl conn tcp --src 10.1.0.2 --sport 40001 --dst 10.2.0.2 --dport 80
outcome delivered srv acc
case_end

case_begin icmp --snapshot tcp --from cl --src 10.1.0.2 --dst 10.2.0.2 -p icmp --icmp-id 909
listen srv echo icmp --id 909
nx cl ping -c 1 -W 1 -e 909 10.2.0.2 >/dev/null || die "ping"
outcome delivered srv echo
case_end

case_begin udp-mac --snapshot tcp --from cl --src 10.1.0.2 --dst 10.2.0.2 -p udp --sport 40002 --dport 53
listen srv got udp --port 53
send cl tx udp --src 10.1.0.2 --sport 40002 --dst 10.2.0.2 --dport 53
outcome delivered srv got
case_end
scenario_end
