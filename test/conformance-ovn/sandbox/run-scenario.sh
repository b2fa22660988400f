#!/usr/bin/env bash
# Runs one OVN conformance scenario against real ovsdb-server + ovn-northd + ovn-trace (OVN 23.03).
#
#   run-scenario.sh <scenario.sh> <out-dir>
#
# 1. Starts the NB and SB ovsdb-servers on unix sockets in a temp dir (every runtime file stays
#    there; each daemon is killed by PID on exit, also on failure).
# 2. Sources the scenario: its plain ovn-nbctl / ovn-sbctl commands build the northbound database;
#    the helpers of lib.sh register chassis, bind ports, add the SB MAC_Binding rows ovn-controller
#    would have learnt for next hops outside OVN, and declare the probes.
# 3. Starts ovn-northd, `ovn-nbctl --wait=sb sync`, binds ports, adds the MAC_Binding rows, then
#    captures the snapshot into <out>/snapshot/ovn/:
#    nb.json (`ovsdb-client -f json dump`) or, with `# capture: nb-list` in the scenario, one
#    nb-<Table>.txt (`ovn-nbctl list <Table>`) per northbound table instead; nbctl-show.txt,
#    sbctl-show.txt and sb-MAC_Binding.txt (`ovn-sbctl list MAC_Binding`).
# 4. Runs `ovn-trace --detailed` for every probe: <out>/traces/<probe>.txt holds its stdout and
#    <out>/traces/<probe>.cmd the exact command. A non-zero exit or anything on stderr fails the run.
#
# Exit status: 0 when everything above succeeded; otherwise non-zero with the reason on stderr.
# KEEP=1 leaves the daemons running after a successful run and prints how to reach and stop them.
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$HERE/../../.." && pwd)
SCENARIO=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
OUT=$2
[[ -f $SCENARIO ]] || { echo "no scenario file $1" >&2; exit 2; }
rm -rf "$OUT"
mkdir -p "$OUT/snapshot/ovn" "$OUT/traces"
OUT=$(cd "$OUT" && pwd)

RUN=$(mktemp -d "${TMPDIR:-/tmp}/hpovn.XXXXXX")
PIDS=()
cleanup() {
  local rc=$?
  if [[ ${KEEP:-0} == 1 && $rc -eq 0 ]]; then
    echo "KEEP=1: daemons left running in $RUN" >&2
    echo "  export OVN_NB_DB=$OVN_NB_DB OVN_SB_DB=$OVN_SB_DB" >&2
    echo "  stop them with: kill ${PIDS[*]}; rm -rf $RUN" >&2
    exit 0
  fi
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; done
  if [[ $rc -ne 0 ]]; then
    for log in northd nb sb; do
      [[ -s $RUN/$log.log ]] && { echo "--- $log.log (last lines)" >&2; tail -n 20 "$RUN/$log.log" >&2; }
    done
  fi
  rm -rf "$RUN"
  exit "$rc"
}
trap cleanup EXIT
export OVS_RUNDIR=$RUN OVS_LOGDIR=$RUN OVS_DBDIR=$RUN OVN_RUNDIR=$RUN OVN_LOGDIR=$RUN OVN_DBDIR=$RUN
export OVN_NB_DB=unix:$RUN/nb.sock OVN_SB_DB=unix:$RUN/sb.sock
wait_for_sock() { for _ in $(seq 1000); do [[ -S $1 ]] && return 0; sleep 0.01; done; echo "no socket $1 after 10 s" >&2; return 1; }

ovsdb-tool create "$RUN/nb.db" /usr/share/ovn/ovn-nb.ovsschema
ovsdb-tool create "$RUN/sb.db" /usr/share/ovn/ovn-sb.ovsschema
ovsdb-server --no-chdir --log-file="$RUN/nb.log" --unixctl="$RUN/nb.ctl" --remote="punix:$RUN/nb.sock" "$RUN/nb.db" >"$RUN/nb.out" 2>&1 &
PIDS+=($!)
ovsdb-server --no-chdir --log-file="$RUN/sb.log" --unixctl="$RUN/sb.ctl" --remote="punix:$RUN/sb.sock" "$RUN/sb.db" >"$RUN/sb.out" 2>&1 &
PIDS+=($!)
wait_for_sock "$RUN/nb.sock"
wait_for_sock "$RUN/sb.sock"
ovn-nbctl init
ovn-sbctl init

# ---------------------------------------------------------------- helpers for scenarios
# shellcheck source=lib.sh
source "$HERE/lib.sh"

# The build runs before ovn-northd starts, so northd compiles the finished database once instead of
# recomputing after every ovn-nbctl transaction (most of the sandbox's CPU time otherwise).
# shellcheck disable=SC1090
source "$SCENARIO"

# ---------------------------------------------------------------- settle
ovn-northd --no-chdir --log-file="$RUN/northd.log" --unixctl="$RUN/northd.ctl" \
  --ovnnb-db="$OVN_NB_DB" --ovnsb-db="$OVN_SB_DB" >"$RUN/northd.out" 2>&1 &
PIDS+=($!)
wait_for_sock "$RUN/northd.ctl"
ovn-nbctl --wait=sb --timeout=30 sync
for b in "${DEFERRED_BINDS[@]}"; do
  read -r lsp ch <<<"$b"
  ovn-sbctl lsp-bind "$lsp" "$ch"
done
for m in "${DEFERRED_MACS[@]}"; do
  read -r lr lrp ip mac <<<"$m"
  dp=$(ovn-sbctl --bare --columns=_uuid find Datapath_Binding external_ids:name="$lr")
  [[ -n $dp ]] || { echo "mac_binding: no SB datapath for router $lr" >&2; exit 1; }
  ovn-sbctl create MAC_Binding datapath="$dp" logical_port="$lrp" ip="$ip" mac="\"$mac\"" >/dev/null
done
ovn-nbctl --wait=sb --timeout=30 sync

# ---------------------------------------------------------------- capture
S=$OUT/snapshot/ovn
if grep -q '^# capture: nb-list' "$SCENARIO"; then
  for t in $(ovsdb-client list-tables "$OVN_NB_DB" OVN_Northbound | tail -n +3); do
    ovn-nbctl list "$t" >"$S/nb-$t.txt"
  done
else
  ovsdb-client -f json dump "$OVN_NB_DB" OVN_Northbound >"$S/nb.json"
fi
ovn-nbctl show >"$S/nbctl-show.txt"
ovn-sbctl show >"$S/sbctl-show.txt"
ovn-sbctl list MAC_Binding >"$S/sb-MAC_Binding.txt"

# ---------------------------------------------------------------- probes
[[ ${#PROBES[@]} -gt 0 ]] || { echo "$SCENARIO declares no probe" >&2; exit 1; }
failed=0
for p in "${PROBES[@]}"; do
  eval "set -- $p"
  name=$1; shift
  {
    printf 'ovn-trace --db=$OVN_SB_DB --detailed'
    printf ' %q' "$@"
    printf '\n'
  } >"$OUT/traces/$name.cmd"
  if ! ovn-trace --db="$OVN_SB_DB" --detailed "$@" >"$OUT/traces/$name.txt" 2>"$OUT/traces/$name.err"; then
    echo "ovn-trace failed for probe $name: $(cat "$OUT/traces/$name.cmd")" >&2
    cat "$OUT/traces/$name.err" >&2
    failed=1
  elif [[ -s $OUT/traces/$name.err ]]; then
    echo "ovn-trace wrote to stderr for probe $name: $(cat "$OUT/traces/$name.cmd")" >&2
    cat "$OUT/traces/$name.err" >&2
    failed=1
  else
    rm -f "$OUT/traces/$name.err"
  fi
  echo "$name" >>"$OUT/probes.txt"
done
exit "$failed"
