#!/usr/bin/env bash
# Rebuilds the OVN northbound database of seed 002 (part 1, centralized gateway) with ovn-nbctl and
# captures the whole database as ovn/nb.json (`ovsdb-client -f json dump`), with ovn/sbctl-show.txt
# and ovn/sb-MAC_Binding.txt from a southbound database compiled by ovn-northd. ovn/nbctl-show.txt is the seed's own `ovn-nbctl show`; the script
# prints the rebuilt `ovn-nbctl show` next to it, sorted, so that the two can be compared.
#
# Needs ovn-central (ovsdb-server, ovsdb-tool, ovn-nbctl; OVN 23.03 here). A private ovsdb-server
# and ovn-northd run on unix sockets in a temp dir and are killed by PID on exit.
# Switches, routers, NAT rows and the load balancer get the seed's UUIDs (`--id=<uuid> create`);
# ports and gateway-chassis rows get fresh ones.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
RUN=$(mktemp -d "${TMPDIR:-/tmp}/hpex-002.XXXXXX")
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

CH_A=2e3175b0-2129-4504-a333-0c4ac1f680d7
CH_B=2922af73-b67b-49ab-9a70-018c40af25a7

nb --id=bb7cab91-5cc8-42ef-93af-486cab7c2291 create Logical_Switch name=external >/dev/null
nb --id=95f2aace-9665-4c6f-aefe-0c0a21b67c38 create Logical_Switch name=ovn-default >/dev/null
nb --id=3235b25a-815d-4870-8dd4-cfb85a49b41e create Logical_Switch name=join >/dev/null
nb --id=32fe7ffb-709f-4a27-8f9b-f8f52a01e447 create Logical_Switch name=overlay-subnet-73569 >/dev/null
nb --id=3cf06bbb-9db1-4ed0-949b-c4f13822c83a create Logical_Router name=ovn-cluster >/dev/null
nb --id=374d0e33-a2ff-413e-9dd1-cad108e82cc6 create Logical_Router name=vpc-75989 >/dev/null

vif() { nb lsp-add "$1" "$2" -- lsp-set-addresses "$2" "$3"; }              # <switch> <port> "<mac> <ip>"
# kube-ovn creates router-type ports with addresses "router" (`ovn-nbctl show` does not print them).
patch() { nb lsp-add "$1" "$2" -- lsp-set-type "$2" router -- lsp-set-addresses "$2" router -- lsp-set-options "$2" router-port="$3"; }

# switch external
vif external kube-ovn-worker "00:00:00:02:6A:FB 172.19.0.7"
patch external external-ovn-cluster ovn-cluster-external
nb lsp-add external ln-external -- lsp-set-type ln-external localnet -- lsp-set-addresses ln-external unknown \
  -- lsp-set-options ln-external network_name=external
patch external external-vpc-75989 vpc-75989-external
vif external kube-ovn-control-plane "00:00:00:5D:EF:19 172.19.0.6"
# switch ovn-default
vif ovn-default coredns-787d4945fb-5fdk7.kube-system "00:00:00:0C:0F:D0 10.16.0.7"
vif ovn-default kube-ovn-pinger-hlg6t.kube-system "00:00:00:8B:3E:A3 10.16.0.8"
patch ovn-default ovn-default-ovn-cluster ovn-cluster-ovn-default
vif ovn-default kube-ovn-pinger-5zrdb.kube-system "00:00:00:10:62:70 10.16.0.9"
vif ovn-default coredns-787d4945fb-pqp2t.kube-system "00:00:00:D8:EB:5E 10.16.0.6"
# switch join
patch join join-ovn-cluster ovn-cluster-join
vif join node-kube-ovn-worker "00:00:00:93:93:4A 100.64.0.3"
vif join node-kube-ovn-control-plane "00:00:00:A6:EB:BB 100.64.0.2"
# switch overlay-subnet-73569
vif overlay-subnet-73569 fip-busybox02.default "00:00:00:A2:70:8D 192.168.0.5"
vif overlay-subnet-73569 fip-busybox01.default "00:00:00:48:38:46 192.168.0.4"
patch overlay-subnet-73569 overlay-subnet-73569-vpc-75989 vpc-75989-overlay-subnet-73569

# router ovn-cluster
nb lrp-add ovn-cluster ovn-cluster-external 00:00:00:BD:15:64 172.19.0.5/16
nb lrp-set-gateway-chassis ovn-cluster-external "$CH_A" 100
nb lrp-set-gateway-chassis ovn-cluster-external "$CH_B" 99
nb lrp-add ovn-cluster ovn-cluster-join 00:00:00:47:24:2F 100.64.0.1/16
nb lrp-add ovn-cluster ovn-cluster-ovn-default 00:00:00:3F:6D:45 10.16.0.1/16
# router vpc-75989
nb lrp-add vpc-75989 vpc-75989-overlay-subnet-73569 00:00:00:91:CC:AA 192.168.0.1/24
nb lrp-add vpc-75989 vpc-75989-external 00:00:00:21:44:FD 172.19.0.4/16
nb lrp-set-gateway-chassis vpc-75989-external "$CH_B" 100
nb lrp-set-gateway-chassis vpc-75989-external "$CH_A" 99
nat() { # <uuid> <type> <external ip> <logical ip>
  nb --id="$1" create NAT type="$2" external_ip="$3" logical_ip="$4" -- add Logical_Router vpc-75989 nat "$1" >/dev/null
}
nat 07dc7f5a-96ef-4633-98f3-00aff46ac054 dnat_and_snat 172.19.0.8 192.168.0.2
nat 1a307979-f0f0-4749-b39e-91a38f7895ce dnat_and_snat 172.19.0.11 192.168.0.4
nat 2e66cfb6-1bfb-4263-a725-5d09f3c8982a dnat_and_snat 172.19.0.12 192.168.0.5
nat 513a2811-41ac-47a0-8d41-b7d3a2c08d3a snat 172.19.0.9 192.168.0.0/24
nb --id=a11397e0-9cec-4627-a552-9c6877eceb8b create Load_Balancer name=dnat-74661 protocol=tcp \
  'vips:"172.19.0.10:8080"="192.168.0.3:80"' >/dev/null
nb lr-lb-add vpc-75989 dnat-74661


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
# The gateway chassis by node: the seed's tcpdump of the FIP traffic runs on kube-ovn-control-plane,
# the highest-priority gateway chassis of vpc-75989-external.
ovn-sbctl chassis-add "$CH_A" geneve 172.18.0.3 -- set Chassis "$CH_A" hostname=kube-ovn-worker
ovn-sbctl chassis-add "$CH_B" geneve 172.18.0.2 -- set Chassis "$CH_B" hostname=kube-ovn-control-plane
# The upstream gateway 172.19.0.1 as ovn-controller learns it: its MAC is the source of the frames
# the seed's tcpdump shows arriving on eth1 from 172.19.0.1.
for lr in vpc-75989 ovn-cluster; do
  dp=$(ovn-sbctl --bare --columns=_uuid find Datapath_Binding external_ids:name="$lr")
  ovn-sbctl create MAC_Binding datapath="$dp" logical_port="$lr-external" ip=172.19.0.1 mac='"02:42:57:db:a9:c6"' >/dev/null
done

O=$HERE/ovn
mkdir -p "$O"
rm -f "$O"/nb-*.txt
ovsdb-client -f json dump "$OVN_NB_DB" OVN_Northbound >"$O/nb.json"
ovn-sbctl show >"$O/sbctl-show.txt"
ovn-sbctl list MAC_Binding >"$O/sb-MAC_Binding.txt"

echo "--- rebuilt show vs the seed's nbctl-show.txt, lines sorted (< rebuilt, > seed)"
# ovn-nbctl 23.03 prints a port's gateway chassis in set order, not by priority: compare them sorted.
norm() { sed 's/ *$//' | awk '/gateway chassis: \[/ { s = $0; sub(/.*\[/, "", s); sub(/\].*/, "", s); n = split(s, a, " ");
  for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (a[j] < a[i]) { t = a[i]; a[i] = a[j]; a[j] = t }
  s = a[1]; for (i = 2; i <= n; i++) s = s " " a[i]; sub(/\[.*\]/, "[" s "]") } { print }' | sort; }
diff <(nb show | norm) <(norm <"$O/nbctl-show.txt") && echo "same lines"
echo "--- lr-lb-list vpc-75989"
nb lr-lb-list vpc-75989
