#!/usr/bin/env bash
# Runs real ovn-trace against one seed-002 example: starts NB and SB ovsdb-servers and ovn-northd on
# unix sockets in a temp dir (as /work/shared/oracle/ovn/ovn-oracle.sh), rebuilds the example's
# northbound database with the ovn-nbctl commands of its own capture.sh, registers its gateway
# chassis, adds the SB MAC_Binding rows the traces need (ovn-trace does not resolve next hops
# otherwise), then runs one ovn-trace per stdin line "<name>\t<datapath>\t<flow>\t<extra args>" and
# writes <out>/<name>.txt. Every daemon is killed by PID on exit, also on failure.
#
# Usage: ovn-trace-sandbox.sh <example-dir> <out-dir> < traces.tsv
set -euo pipefail
EXAMPLE=$(cd "$1" && pwd)
OUT=$2
mkdir -p "$OUT"
RUN=$(mktemp -d "${TMPDIR:-/tmp}/hpovn-trace.XXXXXX")
PIDS=()
cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; done
  rm -rf "$RUN"
}
trap cleanup EXIT
export OVS_RUNDIR=$RUN OVS_LOGDIR=$RUN OVS_DBDIR=$RUN OVN_RUNDIR=$RUN OVN_LOGDIR=$RUN OVN_DBDIR=$RUN
export OVN_NB_DB=unix:$RUN/nb.sock OVN_SB_DB=unix:$RUN/sb.sock
wait_for_sock() { for _ in $(seq 500); do [[ -S $1 ]] && return 0; sleep 0.01; done; echo "no socket $1" >&2; return 1; }

ovsdb-tool create "$RUN/nb.db" /usr/share/ovn/ovn-nb.ovsschema
ovsdb-tool create "$RUN/sb.db" /usr/share/ovn/ovn-sb.ovsschema
ovsdb-server --no-chdir --log-file="$RUN/nb.log" --unixctl="$RUN/nb.ctl" --remote="punix:$RUN/nb.sock" "$RUN/nb.db" >"$RUN/nb.out" 2>&1 &
PIDS+=($!)
ovsdb-server --no-chdir --log-file="$RUN/sb.log" --unixctl="$RUN/sb.ctl" --remote="punix:$RUN/sb.sock" "$RUN/sb.db" >"$RUN/sb.out" 2>&1 &
PIDS+=($!)
wait_for_sock "$RUN/nb.sock"
wait_for_sock "$RUN/sb.sock"
ovn-sbctl init
ovn-northd --no-chdir --log-file="$RUN/northd.log" --unixctl="$RUN/northd.ctl" --ovnnb-db="$OVN_NB_DB" --ovnsb-db="$OVN_SB_DB" >"$RUN/northd.out" 2>&1 &
PIDS+=($!)
wait_for_sock "$RUN/northd.ctl"

# The example's own rebuild: the commands of capture.sh from `nb init` up to where it writes files.
nb() { ovn-nbctl "$@"; }
sed -n '/^nb init$/,/^O=\$HERE\/ovn$/p' "$EXAMPLE/capture.sh" | sed '$d' >"$RUN/rebuild.sh"
# shellcheck disable=SC1091
source "$RUN/rebuild.sh"
# The seed's `show` prints no addresses for router-type switch ports, and OVN 23.03's northd then has
# no L2 lookup entry for the router port's MAC: the switch drops the pod's frame. The seed's cluster
# forwards those frames (its tcpdump shows them), so its ports carry the peer's MAC: `router` says that.
for lsp in $(ovn-nbctl --bare --columns=name find Logical_Switch_Port type=router); do
  ovn-nbctl lsp-set-addresses "$lsp" router
done

# The gateway chassis the NB names, as SB chassis (no ovn-controller runs: ovn-trace needs none).
i=1
for ch in $(ovn-nbctl --bare --columns=chassis_name list Gateway_Chassis | sort -u); do
  ovn-sbctl chassis-add "$ch" geneve "127.0.0.$i"
  i=$((i + 1))
done
ovn-nbctl --wait=sb --timeout=30 sync

# MAC_Binding for the upstream gateway 172.19.0.1 on every router port in 172.19.0.0/16.
for lrp in $(ovn-nbctl --bare --columns=name find Logical_Router_Port 'networks{>=}"172.19.0.4/16"' ; ovn-nbctl --bare --columns=name find Logical_Router_Port 'networks{>=}"172.19.0.11/16"'); do
  lr=$(ovn-nbctl --bare --columns=name find Logical_Router "ports{>=}$(ovn-nbctl --bare --columns=_uuid find Logical_Router_Port name="$lrp")")
  dp=$(ovn-sbctl --bare --columns=_uuid find Datapath_Binding external_ids:name="$lr")
  ovn-sbctl create MAC_Binding datapath="$dp" logical_port="$lrp" ip=172.19.0.1 mac='"00:00:00:00:00:01"' >/dev/null
done

while IFS=$'\t' read -r name datapath flow extra; do
  [[ -z $name ]] && continue
  # shellcheck disable=SC2086
  ovn-trace --minimal $extra "$datapath" "$flow" >"$OUT/$name.txt" 2>&1 || echo "ovn-trace failed: $?" >>"$OUT/$name.txt"
done
