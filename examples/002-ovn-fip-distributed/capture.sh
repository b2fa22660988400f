#!/usr/bin/env bash
# Rebuilds the OVN northbound database of seed 002 (part 2.1, distributed gateway: vpc1 with two
# distributed floating IPs) with ovn-nbctl and captures `ovn-nbctl list <Table>` of every table
# (ovn/nb-<Table>.txt; nb-NAT.txt stays the seed's own) and ovn/sb-MAC_Binding.txt from a
# southbound database compiled by ovn-northd. ovn/nbctl-show.txt is the seed's own `ovn-nbctl show`
# (which the seed cut short after the first port of router vpc-45847); the script prints the
# rebuilt `ovn-nbctl show` next to it, sorted, and compares the rebuilt NAT table with the seed's
# `ovn-nbctl find NAT type=dnat_and_snat`.
#
# Needs ovn-central (ovsdb-server, ovsdb-tool, ovn-nbctl; OVN 23.03 here). A private ovsdb-server
# and ovn-northd run on unix sockets in a temp dir and are killed by PID on exit.
# Switches, routers and NAT rows get the seed's UUIDs; ports, gateway-chassis rows and the static
# route get fresh ones. Router ovn-cluster, whose switch port the seed shows, is not in the seed's
# output and is not created.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
RUN=$(mktemp -d "${TMPDIR:-/tmp}/hpex-002d.XXXXXX")
NBPID= SBPID= NORTHDPID=
cleanup() {
  for pid in $NORTHDPID $SBPID $NBPID; do kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; done
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
# kube-ovn creates router-type ports with addresses "router" (`ovn-nbctl show` does not print them).
patch() { nb lsp-add "$1" "$2" -- lsp-set-type "$2" router -- lsp-set-addresses "$2" router -- lsp-set-options "$2" router-port="$3"; }

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


# The southbound side: ovn-northd compiles the rebuilt NB so that `ovn-sbctl` can record what
# ovn-controller would have learnt (chassis, the upstream gateway's MAC).
ovsdb-tool create "$RUN/sb.db" /usr/share/ovn/ovn-sb.ovsschema
ovsdb-server --no-chdir --log-file="$RUN/sb.log" --unixctl="$RUN/sb.ctl" --remote="punix:$RUN/sb.sock" "$RUN/sb.db" \
  >"$RUN/sb.out" 2>&1 &
SBPID=$!
for _ in $(seq 200); do [ -S "$RUN/sb.sock" ] && break; sleep 0.02; done
export OVN_SB_DB=unix:$RUN/sb.sock
ovn-sbctl init
ovn-northd --no-chdir --log-file="$RUN/northd.log" --unixctl="$RUN/northd.ctl" --ovnnb-db="$OVN_NB_DB" --ovnsb-db="$OVN_SB_DB" \
  >"$RUN/northd.out" 2>&1 &
NORTHDPID=$!
for _ in $(seq 200); do [ -S "$RUN/northd.ctl" ] && break; sleep 0.02; done
ovn-nbctl --wait=sb --timeout=30 sync
# The upstream gateway 172.19.0.1 as ovn-controller learns it on vpc1's external port (the MAC the
# seed's part 1 shows for 172.19.0.1 on the same kind-network).
dp=$(ovn-sbctl --bare --columns=_uuid find Datapath_Binding external_ids:name=vpc1)
ovn-sbctl create MAC_Binding datapath="$dp" logical_port=vpc1-external ip=172.19.0.1 mac='"02:42:57:db:a9:c6"' >/dev/null

O=$HERE/ovn
mkdir -p "$O"
for t in Logical_Switch Logical_Switch_Port Logical_Router Logical_Router_Port Gateway_Chassis HA_Chassis_Group Load_Balancer Load_Balancer_Group Logical_Router_Static_Route Logical_Router_Policy ACL Port_Group Address_Set Static_MAC_Binding DHCP_Options; do nb list "$t" >"$O/nb-$t.txt"; done
ovn-sbctl list MAC_Binding >"$O/sb-MAC_Binding.txt"

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
