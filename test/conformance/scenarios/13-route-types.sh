#!/bin/bash
# Route types: blackhole (silent), unreachable (ICMP host unreachable), prohibit (ICMP
# communication administratively prohibited), throw (the lookup goes on with the next ip rule), no
# route at all (ICMP net unreachable, IpExtInNoRoutes), for forwarded and for local packets. A local
# sender sees the error on send(): EINVAL, EHOSTUNREACH, EACCES.
#
# gw: blackhole 10.9.1.0/24, unreachable 10.9.2.0/24, prohibit 10.9.3.0/24 (main);
#     rule 100: to 10.2.0.0/16 lookup 100; table 100: throw 10.2.0.0/24, unreachable 10.2.0.0/16
. "$(dirname "$0")/../lib.sh"
line3
nx gw ip route add blackhole 10.9.1.0/24
nx gw ip route add unreachable 10.9.2.0/24
nx gw ip route add prohibit 10.9.3.0/24
nx gw ip rule add to 10.2.0.0/16 lookup 100 pref 100
nx gw ip route add throw 10.2.0.0/24 table 100
nx gw ip route add unreachable 10.2.0.0/16 table 100
rules gw <<'RULES'
*filter
:INPUT ACCEPT [0:0]
:FORWARD ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
COMMIT
RULES

fwd() { # <case> <dst> <sport> [--snapshot first]
  case_begin "$1" "${@:4}" --from cl --src 10.1.0.2 --dst "$2" -p udp --sport "$3" --dport 53
  [ "$2" = 10.2.0.2 ] && listen srv got udp --port 53
  send cl tx udp --src 10.1.0.2 --sport "$3" --dst "$2" --dport 53
}
fwd blackhole 10.9.1.5 41001
outcome dropped gw BLACKHOLE IpInReceives '!IpForwDatagrams' '!IcmpOutDestUnreachs'
case_end
fwd unreachable 10.9.2.5 41002 --snapshot blackhole
outcome dropped gw UNREACHABLE IcmpOutDestUnreachs IcmpInDestUnreachs@cl '!IpForwDatagrams'
case_end
fwd prohibit 10.9.3.5 41003 --snapshot blackhole
outcome dropped gw PROHIBIT IcmpOutDestUnreachs IcmpInDestUnreachs@cl '!IpForwDatagrams'
case_end
fwd throw 10.2.0.2 41004 --snapshot blackhole
outcome delivered srv got
case_end
fwd table-unreachable 10.2.5.5 41005 --snapshot blackhole
outcome dropped gw UNREACHABLE IcmpOutDestUnreachs '!IpForwDatagrams'
case_end
fwd no-route 10.99.0.1 41006 --snapshot blackhole
outcome dropped gw NO_ROUTE IpExtInNoRoutes IcmpOutDestUnreachs
case_end

local_send() { # <case> <dst> <sport> <errno>
  case_begin "$1" --snapshot blackhole --from gw --src 10.1.0.1 --dst "$2" -p udp --sport "$3" --dport 53
  send gw tx udp --src 10.1.0.1 --sport "$3" --dst "$2" --dport 53
  [ "$(result tx .errno)" = "$4" ] || die "expected errno $4, got $(result tx .)"
}
local_send local-blackhole 10.9.1.5 41011 22
outcome dropped gw BLACKHOLE
case_end
local_send local-unreachable 10.9.2.5 41012 113
outcome dropped gw UNREACHABLE
case_end
local_send local-prohibit 10.9.3.5 41013 13
outcome dropped gw PROHIBIT
case_end
scenario_end
