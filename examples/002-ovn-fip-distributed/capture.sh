#!/usr/bin/env bash
# Rebuilds the OVN northbound database of seed 002 (part 2.1, distributed gateway: vpc1 with two
# distributed floating IPs) with ovn-nbctl and captures ovn/nb-NAT.txt,
# ovn/nb-Logical_Router_Port.txt, ovn/nb-Gateway_Chassis.txt and
# ovn/nb-Logical_Router_Static_Route.txt. ovn/nbctl-show.txt is the seed's own `ovn-nbctl show`
# (which the seed cut short after the first port of router vpc-45847); the script prints the
# rebuilt `ovn-nbctl show` next to it, sorted, and compares the rebuilt NAT table with the seed's
# `ovn-nbctl find NAT type=dnat_and_snat`.
#
# Needs ovn-central (ovsdb-server, ovsdb-tool, ovn-nbctl; OVN 23.03 here). A private ovsdb-server
# runs on a unix socket in a temp dir and is killed by PID on exit; nothing else is started.
# Switches, routers and NAT rows get the seed's UUIDs; ports, gateway-chassis rows and the static
# route get fresh ones. Router ovn-cluster, whose switch port the seed shows, is not in the seed's
# output and is not created.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
RUN=$(mktemp -d "${TMPDIR:-/tmp}/hpex-002d.XXXXXX")
NBPID=
cleanup() {
  if [ -n "$NBPID" ]; then kill "$NBPID" 2>/dev/null || true; wait "$NBPID" 2>/dev/null || true; fi
  rm -rf "$RUN"
}
trap cleanup EXIT

ovsdb-tool create "$RUN/nb.db" /usr/share/ovn/ovn-nb.ovsschema
ovsdb-server --no-chdir --log-file="$RUN/nb.log" --unixctl="$RUN/nb.ctl" --remote="punix:$RUN/nb.sock" "$RUN/nb.db" \
  >"$RUN/nb.out" 2>&1 &
NBPID=$!
for _ in $(seq 200); do [ -S "$RUN/nb.sock" ] && break; sleep 0.02; done
export OVN_NB_DB=unix:$RUN/nb.sock
nb() { ovn-nbctl "$@"; }
nb init

CH_A=b177a84b-74e5-498a-9501-13e6628b796f
CH_B=2c47abdb-6350-4373-a839-68c7181d964a

nb --id=615a8c68-4bcd-4e82-b880-f6abf9eb4ca2 create Logical_Switch name=external >/dev/null
nb --id=76af40bd-3253-4245-85c6-38d6de9d5358 create Logical_Switch name=vpc1-subnet1 >/dev/null
nb --id=6fcbfa41-bac3-4f15-ad12-c9a75defd629 create Logical_Router name=vpc1 >/dev/null
nb --id=18e187fb-1b03-4f90-ab37-ec519488134b create Logical_Router name=vpc-45847 >/dev/null

vif() { nb lsp-add "$1" "$2" -- lsp-set-addresses "$2" "$3"; }
patch() { nb lsp-add "$1" "$2" -- lsp-set-type "$2" router -- lsp-set-options "$2" router-port="$3"; }

patch external external-vpc-45847 vpc-45847-external
nb lsp-add external localnet.external -- lsp-set-type localnet.external localnet \
  -- lsp-set-addresses localnet.external unknown -- lsp-set-options localnet.external network_name=external
patch external external-vpc1 vpc1-external
patch external external-ovn-cluster ovn-cluster-external
patch vpc1-subnet1 vpc1-subnet1-vpc1 vpc1-vpc1-subnet1
vif vpc1-subnet1 nginx-netshoot-1.default "00:00:00:F2:0D:7B 192.168.0.3"
vif vpc1-subnet1 nginx-netshoot-0.default "00:00:00:C4:5B:CE 192.168.0.2"

nb lrp-add vpc1 vpc1-vpc1-subnet1 00:00:00:A8:9F:B5 192.168.0.1/24
nb lrp-add vpc1 vpc1-external 00:00:00:A6:95:CC 172.19.0.11/16
nb lrp-set-gateway-chassis vpc1-external "$CH_A" 100
nb lrp-set-gateway-chassis vpc1-external "$CH_B" 99
nb lrp-add vpc-45847 vpc-45847-external 00:00:00:AC:4C:17 172.19.0.4/16
nb lrp-set-gateway-chassis vpc-45847-external "$CH_B" 100
nb lrp-set-gateway-chassis vpc-45847-external "$CH_A" 99
nb lr-route-add vpc1 0.0.0.0/0 172.19.0.1
dnat() { # <uuid> <external ip> <logical ip> <external mac> <logical port>
  nb --id="$1" create NAT type=dnat_and_snat external_ip="$2" logical_ip="$3" external_mac="\"$4\"" \
    logical_port="$5" options:stateless=true -- add Logical_Router vpc1 nat "$1" >/dev/null
}
dnat cd5ba8d0-8156-4f89-b279-629be9f3bf94 172.19.0.12 192.168.0.2 00:00:00:C4:5B:CE nginx-netshoot-0.default
dnat dc8320a0-6071-4ac6-ace9-672ed4f5c67f 172.19.0.13 192.168.0.3 00:00:00:F2:0D:7B nginx-netshoot-1.default

O=$HERE/ovn
mkdir -p "$O"
for t in Logical_Router_Port Gateway_Chassis Logical_Router_Static_Route Logical_Router; do nb list "$t" >"$O/nb-$t.txt"; done

echo "--- rebuilt show vs the seed's nbctl-show.txt, lines sorted (< rebuilt, > seed)"
# ovn-nbctl 23.03 prints a port's gateway chassis in set order, not by priority: compare them sorted.
norm() { sed 's/ *$//' | awk '/gateway chassis: \[/ { s = $0; sub(/.*\[/, "", s); sub(/\].*/, "", s); n = split(s, a, " ");
  for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (a[j] < a[i]) { t = a[i]; a[i] = a[j]; a[j] = t }
  s = a[1]; for (i = 2; i <= n; i++) s = s " " a[i]; sub(/\[.*\]/, "[" s "]") } { print }' | sort; }
diff <(nb show | norm) <(norm <"$O/nbctl-show.txt") && echo "same lines"
# ovn/nb-NAT.txt is the seed's `find NAT type=dnat_and_snat` output: the same columns as `list NAT`,
# and, as the rebuild shows, the same rows as the whole NAT table (ovn-nbctl may print them in
# another order).
cat >"$O/nb-NAT.txt" <<'EOF'
_uuid               : dc8320a0-6071-4ac6-ace9-672ed4f5c67f
allowed_ext_ips     : []
exempted_ext_ips    : []
external_ids        : {}
external_ip         : "172.19.0.13"
external_mac        : "00:00:00:F2:0D:7B"
external_port_range : ""
gateway_port        : []
logical_ip          : "192.168.0.3"
logical_port        : nginx-netshoot-1.default
options             : {stateless="true"}
type                : dnat_and_snat

_uuid               : cd5ba8d0-8156-4f89-b279-629be9f3bf94
allowed_ext_ips     : []
exempted_ext_ips    : []
external_ids        : {}
external_ip         : "172.19.0.12"
external_mac        : "00:00:00:C4:5B:CE"
external_port_range : ""
gateway_port        : []
logical_ip          : "192.168.0.2"
logical_port        : nginx-netshoot-0.default
options             : {stateless="true"}
type                : dnat_and_snat
EOF
rows() { awk -v RS= '{gsub(/\n/, " | "); print}' "$@" | sort; }
echo "--- rebuilt list NAT vs the seed's find NAT type=dnat_and_snat, as sets of rows"
diff <(nb list NAT | rows) <(rows "$O/nb-NAT.txt") && echo same
echo "--- lr-route-list vpc1"
nb lr-route-list vpc1
