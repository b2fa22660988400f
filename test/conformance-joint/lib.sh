# Shared by test/conformance-joint/scenarios/<nn>-<name>.sh (source it; run as root).
#
# A joint scenario is one network where a packet crosses OVN and Linux namespaces. There is no OVS
# datapath here, so the two oracles are composed:
#   - the Linux side is real namespaces, observed exactly as test/conformance does (its lib.sh is
#     sourced: mkns, veth, rules, case_begin/outcome/case_end, `hookpath collect`, xtables-monitor
#     --trace, nstat);
#   - the OVN side is a real northbound database (private NB/SB ovsdb-servers + ovn-northd in a temp
#     dir, built with the kube-ovn shapes of test/conformance-ovn/sandbox/lib.sh) and `ovn-trace
#     --detailed`;
#   - where OVN would carry a frame, a stand-in namespace carries it (a bridge for a switch, a
#     forwarding namespace with the router ports' MACs and addresses for a router). It is never
#     captured. Every crossing it makes is declared with `crossing`: the frame it delivered (wire.py,
#     with its MACs and TTL) is later held against ovn-trace's output for the same microflow, and the
#     scenario fails when they differ.
#
# Namespaces are named hpjt-<nn>-<short>; the OVN daemons are killed by PID; both on any exit.
#
#   ovn_start                      NB + SB ovsdb-server (then build with nb / ko_* / chassis / bind / mac_binding)
#   ovn_settle                     ovn-northd, sync, the deferred SB bindings and MAC bindings
#   ovn_port <lsp> <short>:<iface> topology.yaml ovn.ports binding of a captured interface
#   ovn_localnet <lsp> <segment> <short>:<iface>...   a localnet port and the segment of captured interfaces it reaches
#   wire <short> <name> <iface> [wire.py filters]     frames arriving on an interface, with MACs
#   crossing request|reply <name> <datapath> <short>:<iface> <wire name> <microflow> [ovn-trace options]
#       ovn-trace --detailed of what OVN does with the frame the sender put on the wire; the stand-in's
#       delivery at <short>:<iface> (or its silence, when ovn-trace drops) must match it
#   outcome_ovn_drop [--reply] <datapath> <REASON> <stand-in short> <chain>   the stand-in dropped it where OVN would

. "$(dirname "${BASH_SOURCE[0]}")/../conformance/lib.sh"
JOINT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
PFX=hpjt-$NN
OVN_RUN=""
OVN_PIDS=()
OVN_PORTS=()
OVN_LOCALNETS=()

# The OVN daemons first: the kernel side's cleanup waits for every background job.
joint_cleanup() {
  local p
  for p in "${OVN_PIDS[@]:-}"; do [ -n "$p" ] && kill "$p" 2>/dev/null && wait "$p" 2>/dev/null; done
  [ -n "$OVN_RUN" ] && rm -rf "$OVN_RUN"
  cleanup
  return 0
}
trap joint_cleanup EXIT

ovn_start() {
  OVN_RUN=$(mktemp -d "${TMPDIR:-/tmp}/hpjt-ovn.XXXXXX")
  export OVS_RUNDIR=$OVN_RUN OVS_LOGDIR=$OVN_RUN OVS_DBDIR=$OVN_RUN OVN_RUNDIR=$OVN_RUN OVN_LOGDIR=$OVN_RUN OVN_DBDIR=$OVN_RUN
  export OVN_NB_DB=unix:$OVN_RUN/nb.sock OVN_SB_DB=unix:$OVN_RUN/sb.sock
  local db
  for db in nb sb; do
    ovsdb-tool create "$OVN_RUN/$db.db" "/usr/share/ovn/ovn-$db.ovsschema" || die "ovsdb-tool create $db"
    ovsdb-server --no-chdir --log-file="$OVN_RUN/$db.log" --unixctl="$OVN_RUN/$db.ctl" --remote="punix:$OVN_RUN/$db.sock" "$OVN_RUN/$db.db" >"$OVN_RUN/$db.out" 2>&1 &
    OVN_PIDS+=("$!")
  done
  wait_for_sock "$OVN_RUN/nb.sock" && wait_for_sock "$OVN_RUN/sb.sock" || die "the OVN databases did not start"
  ovn-nbctl init && ovn-sbctl init || die "ovn-nbctl/ovn-sbctl init"
  # kube-ovn shapes (ko_router, ko_subnet, ko_pod, ko_external, ko_gateway, ko_policy, ...), chassis, bind, mac_binding
  # shellcheck source=../conformance-ovn/sandbox/lib.sh
  . "$JOINT_DIR/../conformance-ovn/sandbox/lib.sh"
}

wait_for_sock() { local i; for ((i = 0; i < 500; i++)); do [ -S "$1" ] && return 0; sleep 0.02; done; return 1; }

ovn_settle() {
  ovn-northd --no-chdir --log-file="$OVN_RUN/northd.log" --unixctl="$OVN_RUN/northd.ctl" \
    --ovnnb-db="$OVN_NB_DB" --ovnsb-db="$OVN_SB_DB" >"$OVN_RUN/northd.out" 2>&1 &
  OVN_PIDS+=("$!")
  wait_for_sock "$OVN_RUN/northd.ctl" || die "ovn-northd did not start"
  ovn-nbctl --wait=sb --timeout=30 sync || die "ovn-northd did not compile the northbound database"
  local b lsp ch m lr lrp ip mac dp
  for b in "${DEFERRED_BINDS[@]}"; do
    read -r lsp ch <<<"$b"
    ovn-sbctl lsp-bind "$lsp" "$ch" || die "lsp-bind $lsp"
  done
  for m in "${DEFERRED_MACS[@]}"; do
    read -r lr lrp ip mac <<<"$m"
    dp=$(ovn-sbctl --bare --columns=_uuid find Datapath_Binding external_ids:name="$lr")
    [ -n "$dp" ] || die "mac_binding: no SB datapath for router $lr"
    ovn-sbctl create MAC_Binding datapath="$dp" logical_port="$lrp" ip="$ip" mac="\"$mac\"" >/dev/null || die "MAC_Binding $ip"
  done
  ovn-nbctl --wait=sb --timeout=30 sync || die "sync"
}

ovn_port() { OVN_PORTS+=("$1 $(place "$2")"); }
ovn_localnet() {
  local lsp=$1 seg=$2 m members=""
  shift 2
  for m in "$@"; do members+=" $(place "$m")"; done
  OVN_LOCALNETS+=("$lsp $seg$members")
}

# The collector's snapshot plus what it cannot see: the northbound database as users capture it
# and the OVN bindings of topology.yaml.
collect_snapshot() { # <dir>
  "${HOOKPATH[@]}" collect --netns "${CAPTURED[@]}" "${ROLES[@]}" --name "$SCENARIO" --out "$1" >>"$OUT/run.log" 2>&1 ||
    die "hookpath collect failed (see $OUT/run.log)"
  mkdir -p "$1/ovn"
  ovsdb-client -f json dump "$OVN_NB_DB" OVN_Northbound >"$1/ovn/nb.json" || die "ovsdb-client dump"
  ovn-nbctl show >"$1/ovn/nbctl-show.txt"
  ovn-sbctl show >"$1/ovn/sbctl-show.txt"
  ovn-sbctl list MAC_Binding >"$1/ovn/sb-MAC_Binding.txt"
  printf '%s\n' "${OVN_PORTS[@]}" >"$1/.ovn-ports"
  printf '%s\n' "${OVN_LOCALNETS[@]}" >"$1/.ovn-localnets"
  node "$JOINT_DIR/../dist/conformance-joint/topology-cli.js" "$1" >>"$OUT/run.log" 2>&1 || die "writing the OVN bindings into topology.yaml failed"
  rm -f "$1/.ovn-ports" "$1/.ovn-localnets"
}

# wire <short> <name> <iface> [wire.py args]
wire() {
  local n=$1 name=$2 iface=$3
  shift 3
  local f="$CASE_DIR/$name.wire.jsonl"
  bg ip netns exec "$PFX-$n" "$PY" "$JOINT_DIR/tools/wire.py" --iface "$iface" "$@" --out "$f"
  wait_for "$f.ready" || die "wire $name in $n did not start"
}

# crossing request|reply <name> <datapath> <short>:<iface> <wire name> <microflow> [ovn-trace options]
crossing() {
  local dir=$1 name=$2 dp=$3 at=$4 wname=$5 flow=$6
  shift 6
  local txt="$CASE_DIR/ovn-$name.txt"
  {
    printf 'ovn-trace --detailed %q %q' "$dp" "$flow"
    printf ' %q' "$@"
    printf '\n'
  } >"$CASE_DIR/ovn-$name.cmd"
  ovn-trace --db="$OVN_SB_DB" --detailed "$dp" "$flow" "$@" >"$txt" 2>"$CASE_DIR/ovn-$name.err" || die "ovn-trace failed for $name: $(cat "$CASE_DIR/ovn-$name.err")"
  [ -s "$CASE_DIR/ovn-$name.err" ] && die "ovn-trace wrote to stderr for $name: $(cat "$CASE_DIR/ovn-$name.err")"
  rm -f "$CASE_DIR/ovn-$name.err"
  jq -nc --arg dir "$dir" --arg name "$name" --arg at "$(place "$at")" --arg wire "$wname.wire.jsonl" --arg cmd "$(cat "$CASE_DIR/ovn-$name.cmd")" \
    '{direction: $dir, name: $name, at: $at, wire: $wire, trace: ("ovn-" + $name + ".txt"), cmd: $cmd}' >>"$CASE_DIR/crossings.jsonl"
}

# outcome_ovn_drop [--reply] <datapath> <REASON> <stand-in short> <chain>: the stand-in dropped the
# packet where ovn-trace drops it (the DROP rules of that filter chain in the stand-in must have counted it).
outcome_ovn_drop() {
  local file="$CASE_DIR/outcome.json"
  if [ "$1" = --reply ]; then file="$CASE_DIR/reply-outcome.json"; shift; fi
  local dp=$1 reason=$2 n=$3 chain=$4 d
  d=$(nx "$n" iptables -t filter -L "$chain" -v -x -n | awk '$3 == "DROP" { s += $1 } END { print s + 0 }')
  [ "$d" -gt 0 ] || die "expected the stand-in $(ns "$n") to drop the packet in $chain, but its DROP rules counted nothing"
  jq -n --arg host "$dp" --arg reason "$reason" --arg k "$chain-DROP@$(ns "$n")" --argjson v "$d" \
    '{kind: "dropped", host: $host, reason: $reason, counters: {($k): $v}}' >"$file"
}
