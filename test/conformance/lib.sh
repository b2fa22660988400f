# Shared by test/conformance/scenarios/<nn>-<name>.sh (source it; run as root).
#
# A scenario builds network namespaces named hpcf-<nn>-<short>, then runs one or more cases:
#
#   case_begin <id> --from <short>[:<iface>] --src A --dst B [-p tcp|udp|icmp] [--sport N] [--dport N]
#              [--icmp-id N] [--mark 0xN] [--tcp-flags SYN,ACK] [--ttl N] [--round-trip] [--snapshot <earlier case id>]
#              [--multipath N] [--max-hops N]   (engine options for this request)
#       captures the captured namespaces with `hookpath collect` (or reuses an earlier case's
#       snapshot), then switches tracing on for the test flow only and starts `xtables-monitor
#       --trace` in every captured namespace;
#   ... the scenario sends the real packets (flow.py, ping) ...
#   outcome delivered|left|dropped|rejected ...      (reply_outcome for the reply of --round-trip)
#       records what the kernel did, after checking the evidence (listener records, nstat counters);
#   case_end
#       stops the monitors;
#   scenario_end turns each case's raw files into <case>/case.json and writes $OUT/observed.json
#       (all cases), read by test/conformance/conformance.spec.ts.
#
# Tracing uses a native nftables table `ip hpcftrace` (base chains at priority -350, before raw)
# that sets `meta nftrace` for the test flow only. It is never part of a snapshot: iptables-save
# skips tables it does not own, and it is added after the capture. Its own trace lines are dropped.
# The flow is selected in the base chains, which jump to req_trace (request) or rep_trace (reply)
# where the trace bit is set, so each traced packet's direction is the chain of its first trace
# line (xtables-monitor prints no ICMP type on its PACKET lines). The selecting rules run before
# the bit is set, so they are never printed: xtables-monitor gives up on a traced rule it cannot
# translate to iptables syntax (`icmp id` -> "unexpected payload offset").
#
# Nothing outside namespaces named hpcf-* (hpck-* below) is touched; they are deleted on exit, also on failure.
# Exit status 3 means the kernel did not do what the scenario expects (the message says what).
#
# HOOKPATH_CONFORMANCE_COLLECT=kubectl takes each snapshot through `kubectl hookpath collect` instead
# (lib-kubectl.sh): the captured namespaces become a fake cluster (test/fixtures/fake-kubectl), nodes
# as nodes, pods and gateway pods as pods on them. The plugin names a pod's host <name>.<namespace>,
# so in that mode a pod's namespace is named so too (hpck-<nn>-<short>.default, a gateway pod's
# .kube-system); nodes and external hosts keep hpck-<nn>-<short>. A scenario names its hosts by
# their short names only (ns, nx, place), so it runs unchanged.

set -u -o pipefail
CONF_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$CONF_DIR/../.." && pwd)
SCENARIO=$(basename "$0" .sh)
NN=${SCENARIO%%-*}
PFX=hpcf-$NN
COLLECT_MODE=${HOOKPATH_CONFORMANCE_COLLECT:-netns}
case "$COLLECT_MODE" in
  netns) ;;
  kubectl) PFX=hpck-$NN ;;
  *)
    echo "HOOKPATH_CONFORMANCE_COLLECT=$COLLECT_MODE: expected netns or kubectl" >&2
    exit 2
    ;;
esac
OUT=${OUT:-${TMPDIR:-/tmp}/hookpath-conformance/$SCENARIO}
# a folder left by an earlier run of a scenario (it has our run.log) is replaced
[ -f "$OUT/run.log" ] && rm -rf "$OUT"
mkdir -p "$OUT"
: >"$OUT/run.log"
PY=${HOOKPATH_PYTHON:-$(python3 -c 'import sys; print(sys.executable)')}
HOOKPATH=(node "$ROOT/apps/cli/bin/hookpath.js")
OBSERVE=(node "$ROOT/test/dist/conformance/observe/observe-cli.js")

NSLIST=()
CAPTURED=()
ROLES=()
BGPIDS=()
MONPIDS=()
CASES=()
CASE=""
CASE_DIR=""
CASE_HOSTS=()
CASE_BG_START=0
# short name -> namespace (and host) name, and namespace -> role, as mkns made them
declare -A NSNAME=()
declare -A ROLE_OF=()

log() { printf '[%s] %s\n' "$SCENARIO" "$*" >>"$OUT/run.log"; }
die() {
  printf 'KERNEL: %s: %s\n' "$SCENARIO${CASE:+/$CASE}" "$*" >&2
  exit 3
}

# ns <short> -> the namespace's (and the snapshot host's) full name
ns() { echo "${NSNAME[$1]:-$PFX-$1}"; }
nx() {
  local n=$1
  shift
  ip netns exec "$(ns "$n")" "$@"
}

# mkns <short> [node|pod|gateway|external|outside]: `outside` namespaces take part in the
# traffic but are not captured: a packet sent to them leaves the snapshot (EXITED).
mkns() {
  local n="$PFX-$1" role=${2:-node}
  if [ "$COLLECT_MODE" = kubectl ]; then
    case "$role" in
      pod) n+=.default ;;
      gateway) n+=.kube-system ;;
    esac
  fi
  NSNAME[$1]=$n
  ROLE_OF[$n]=$role
  ip netns del "$n" 2>/dev/null
  ip netns add "$n" || die "cannot create namespace $n"
  NSLIST+=("$n")
  if [ "$role" != outside ]; then
    CAPTURED+=("$n")
    ROLES+=(--role "$n=$role")
  fi
  ip -n "$n" link set lo up
  # A new namespace starts from the kernel defaults, not from the root namespace's sysctl.d;
  # make the ones the scenarios rely on explicit. ICMP errors are rate limited per destination
  # (icmp_ratelimit, 1 s): cases that follow each other quickly would lose them.
  ip netns exec "$n" sysctl -qw net.ipv4.icmp_ratelimit=0 net.ipv4.icmp_msgs_per_sec=100000 \
    net.ipv4.conf.all.rp_filter=0 net.ipv4.conf.default.rp_filter=0 \
    net.ipv4.conf.all.send_redirects=0 net.ipv4.conf.default.send_redirects=0 \
    net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1
}

# veth <nsA> <ifA> <nsB> <ifB>: a veth pair between two namespaces, both ends up
veth() {
  ip link add "$2" netns "$(ns "$1")" type veth peer name "$4" netns "$(ns "$3")" || die "veth $*"
  ip -n "$(ns "$1")" link set "$2" up
  ip -n "$(ns "$3")" link set "$4" up
}

# addr <ns> <iface> <cidr>...
addr() {
  local n=$1 d=$2
  shift 2
  local a
  for a in "$@"; do ip -n "$(ns "$n")" addr add "$a" dev "$d" || die "addr $n $d $a"; done
}

# line2: a client wired to a server
#   cl 10.1.0.2/24 eth0 --- eth0 srv 10.1.0.1/24
line2() {
  mkns cl pod
  mkns srv node
  veth cl eth0 srv eth0
  addr cl eth0 10.1.0.2/24
  addr srv eth0 10.1.0.1/24
}

forwarding() { local n; for n in "$@"; do nx "$n" sysctl -qw net.ipv4.ip_forward=1; done; }

# rules <ns>: iptables-restore from stdin. Scenarios declare every built-in chain of a table they
# use: on nf_tables, `iptables -A` creates only the base chain it names, yet iptables-save prints
# all of the table's built-in chains, so a snapshot cannot tell the invented ones (no hook, no
# policy line in the kernel's trace) from real ones.
rules() { nx "$1" iptables-restore || die "iptables-restore in $1 failed"; }

# line3: the common topology, client -- router -- server
#   cl 10.1.0.2/24 eth0 --- eth0 10.1.0.1/24 [gw] eth1 10.2.0.1/24 --- eth0 srv 10.2.0.2/24
line3() {
  mkns cl pod
  mkns gw node
  mkns srv pod
  veth cl eth0 gw eth0
  veth gw eth1 srv eth0
  addr cl eth0 10.1.0.2/24
  addr gw eth0 10.1.0.1/24
  addr gw eth1 10.2.0.1/24
  addr srv eth0 10.2.0.2/24
  nx cl ip route add default via 10.1.0.1
  nx srv ip route add default via 10.2.0.1
  forwarding gw
}

bg() {
  "$@" &
  BGPIDS+=("$!")
}

# wait_for <file> [tries of 20 ms]: until a file exists and is not empty
wait_for() {
  local i
  for ((i = 0; i < ${2:-100}; i++)); do
    [ -s "$1" ] && return 0
    sleep 0.02
  done
  return 1
}

# listen <ns> <name> <flow.py listen args...>: a listener writing $CASE_DIR/<name>.jsonl
listen() {
  local n=$1 name=$2
  shift 2
  local f="$CASE_DIR/$name.jsonl"
  bg ip netns exec "$(ns "$n")" "$PY" "$CONF_DIR/tools/flow.py" listen "$@" --out "$f"
  wait_for "$f.ready" || die "listener $name in $n did not start"
}

# sniff <ns> <name> <iface> [flow.py sniff filters]: what crosses an interface, as on the wire
sniff() {
  local n=$1 name=$2 iface=$3
  shift 3
  local f="$CASE_DIR/$name.jsonl"
  bg ip netns exec "$(ns "$n")" "$PY" "$CONF_DIR/tools/flow.py" sniff --iface "$iface" "$@" --out "$f"
  wait_for "$f.ready" || die "sniffer $name in $n did not start"
}

# send <ns> <name> tcp|udp <flow.py send args...>: one connection attempt / datagram
send() {
  local n=$1 name=$2
  shift 2
  ip netns exec "$(ns "$n")" "$PY" "$CONF_DIR/tools/flow.py" send "$@" --out "$CASE_DIR/$name.jsonl"
}

# result <name> <jq filter>: a field of the first record a listener/sender wrote
result() { wait_for "$CASE_DIR/$1.jsonl" 50 && head -1 "$CASE_DIR/$1.jsonl" | jq -r "$2"; }

# nstat_now <ns> <Counter>: the absolute value of an nstat counter in a namespace
nstat_now() { nx "$1" nstat -asz --json | jq -r --arg c "$2" '.kernel[$c] // 0'; }
# nstat_delta <ns> <Counter>: its increase since case_begin
nstat_delta() {
  local before
  before=$(jq -r --arg c "$2" '.kernel[$c] // 0' "$CASE_DIR/nstat-before-$(ns "$1").json")
  echo $(($(nstat_now "$1" "$2") - before))
}

collect_snapshot() { # <dir>
  if [ "$COLLECT_MODE" = kubectl ]; then
    collect_through_kubectl "$1"
    return
  fi
  "${HOOKPATH[@]}" collect --netns "${CAPTURED[@]}" "${ROLES[@]}" --name "$SCENARIO" --out "$1" >>"$OUT/run.log" 2>&1 ||
    die "hookpath collect failed (see $OUT/run.log)"
}

place() { # <short>[:iface] -> <full>[:iface]
  case "$1" in
    *:*) echo "$(ns "${1%%:*}"):${1#*:}" ;;
    *) ns "$1" ;;
  esac
}

case_begin() {
  CASE=$1
  shift
  CASE_DIR="$OUT/$CASE"
  mkdir -p "$CASE_DIR"
  local from="" src="" dst="" proto="" sport="" dport="" icmpid="" mark="" tcpflags="" ttl="" round=false snap="" multipath="" maxhops=""
  while [ $# -gt 0 ]; do
    case "$1" in
      --from) from=$(place "$2"); shift 2 ;;
      --src) src=$2; shift 2 ;;
      --dst) dst=$2; shift 2 ;;
      -p) proto=$2; shift 2 ;;
      --sport) sport=$2; shift 2 ;;
      --dport) dport=$2; shift 2 ;;
      --icmp-id) icmpid=$2; shift 2 ;;
      --mark) mark=$(($2)); shift 2 ;;
      --tcp-flags) tcpflags=$2; shift 2 ;;
      --ttl) ttl=$2; shift 2 ;;
      --round-trip) round=true; shift ;;
      --snapshot) snap=$2; shift 2 ;;
      --multipath) multipath=$2; shift 2 ;;
      --max-hops) maxhops=$2; shift 2 ;;
      *) die "case_begin: unknown option $1" ;;
    esac
  done
  [ -n "$from" ] && [ -n "$src" ] && [ -n "$dst" ] && [ -n "$proto" ] || die "case_begin needs --from --src --dst -p"
  if [ -n "$snap" ]; then
    echo "../$snap/snapshot" >"$CASE_DIR/snapshot-ref"
  else
    collect_snapshot "$CASE_DIR/snapshot"
    echo "snapshot" >"$CASE_DIR/snapshot-ref"
  fi
  jq -n --arg from "$from" --arg src "$src" --arg dst "$dst" --arg proto "$proto" --arg sport "$sport" \
    --arg dport "$dport" --arg icmpid "$icmpid" --arg mark "$mark" --arg tcpflags "$tcpflags" --arg ttl "$ttl" --argjson round "$round" --arg multipath "$multipath" --arg maxhops "$maxhops" \
    '{from: $from, roundTrip: $round, packet: ({src: $src, dst: $dst, proto: $proto}
       + (if $sport != "" then {sport: ($sport|tonumber)} else {} end)
       + (if $dport != "" then {dport: ($dport|tonumber)} else {} end)
       + (if $icmpid != "" then {icmpId: ($icmpid|tonumber)} else {} end)
       + (if $mark != "" then {mark: ($mark|tonumber)} else {} end)
       + (if $tcpflags != "" then {tcpFlags: ($tcpflags|ascii_upcase|split(","))} else {} end)
       + (if $ttl != "" then {ttl: ($ttl|tonumber)} else {} end))}
     + {options: ((if $multipath != "" then {multipath: ($multipath|tonumber)} else {} end)
                 + (if $maxhops != "" then {maxHops: ($maxhops|tonumber)} else {} end))}' >"$CASE_DIR/request.json" ||
    die "bad request arguments"
  local req rep
  case "$proto" in
    icmp)
      req="icmp type echo-request icmp id $icmpid"
      rep="icmp type echo-reply icmp id $icmpid"
      ;;
    tcp)
      req="tcp sport $sport tcp flags & (syn|ack) == syn"
      [ -n "$tcpflags" ] && req="tcp sport $sport tcp flags & (fin|syn|rst|ack) == $(tr 'A-Z,' 'a-z|' <<<"$tcpflags")"
      rep="tcp dport $sport tcp flags & (syn|ack) == syn|ack"
      ;;
    udp)
      req="udp sport $sport"
      rep="udp dport $sport"
      ;;
    *) die "unknown protocol $proto" ;;
  esac
  req=${TRACE_REQ:-$req}
  rep=${TRACE_REP:-$rep}
  unset TRACE_REQ TRACE_REP
  local n
  MONPIDS=()
  CASE_HOSTS=("${CAPTURED[@]}")
  for n in "${CAPTURED[@]}"; do
    ip netns exec "$n" nft delete table ip hpcftrace 2>/dev/null
    ip netns exec "$n" nft -f - <<EOF || die "cannot install the trace table in $n"
table ip hpcftrace {
  chain req_trace { meta nftrace set 1; }
  chain rep_trace { meta nftrace set 1; }
  chain pre { type filter hook prerouting priority -350; policy accept; $req jump req_trace; $rep jump rep_trace; }
  chain out { type filter hook output priority -350; policy accept; $req jump req_trace; $rep jump rep_trace; }
}
EOF
    ip netns exec "$n" stdbuf -oL xtables-monitor --trace >"$CASE_DIR/trace-$n.txt" 2>&1 &
    MONPIDS+=("$!")
  done
  for n in "${NSLIST[@]}"; do ip netns exec "$n" nstat -asz --json >"$CASE_DIR/nstat-before-$n.json"; done
  CASE_BG_START=${#BGPIDS[@]}
  # xtables-monitor subscribes within a few milliseconds of starting
  sleep 0.1
  log "case $CASE: $(jq -c . "$CASE_DIR/request.json")"
}

# request_option <key> <number>: set an engine option after the fact (the multipath path the kernel took)
request_option() {
  local tmp
  tmp=$(jq --arg k "$1" --argjson v "$2" '.options[$k] = $v' "$CASE_DIR/request.json") && printf '%s\n' "$tmp" >"$CASE_DIR/request.json"
}

# outcome [--reply] delivered <ns> <record> [--addresses-only]   the receiving socket got it
#                                                                 (with the addresses it saw)
# outcome [--reply] left <ns> <iface> <record> [--addresses-only] it crossed <iface> of <ns> out
#   of the snapshot; --addresses-only leaves the ports out of the comparison (a random port)
# outcome [--reply] dropped <ns> <REASON> [[!]Counter[@ns]...]
# outcome [--reply] rejected <ns> [[!]Counter[@ns]...]        an ICMP error or RST went back
#   evidence: each Counter must have grown in the namespace (default: <ns>), each !Counter not
outcome() {
  local file="$CASE_DIR/outcome.json"
  if [ "$1" = --reply ]; then
    file="$CASE_DIR/reply-outcome.json"
    shift
  fi
  local kind=$1 host=$2
  shift 2
  case "$kind" in
    delivered | left)
      local iface=""
      if [ "$kind" = left ]; then
        iface=$1
        shift
      fi
      wait_for "$CASE_DIR/$1.jsonl" 50 || die "expected the packet to be $kind at $host, but $1 recorded nothing"
      local strip=.
      [ "${2:-}" = --addresses-only ] && strip='del(.sport, .dport)'
      head -1 "$CASE_DIR/$1.jsonl" | jq --arg kind "$kind" --arg host "$(ns "$host")" --arg iface "$iface" \
        "{kind: \$kind, host: \$host, seen: ($strip)} + (if \$iface != \"\" then {iface: \$iface} else {} end)" >"$file"
      ;;
    dropped | rejected)
      local reason=""
      if [ "$kind" = dropped ]; then
        reason=$1
        shift
      fi
      local evidence="{}" c cns d neg
      for c in "$@"; do
        cns=$host neg=""
        [[ "$c" == !* ]] && neg=1 && c=${c#!}
        [[ "$c" == *@* ]] && cns=${c#*@} && c=${c%@*}
        d=$(nstat_delta "$cns" "$c")
        if [ -n "$neg" ]; then
          [ "$d" -eq 0 ] || die "expected $c not to change in $(ns "$cns") ($kind at $host), delta $d"
        else
          [ "$d" -gt 0 ] || die "expected $c to grow in $(ns "$cns") ($kind at $host), delta $d"
        fi
        evidence=$(jq -c --arg k "$c@$(ns "$cns")" --argjson v "$d" '. + {($k): $v}' <<<"$evidence")
      done
      jq -n --arg kind "$kind" --arg host "$(ns "$host")" --arg reason "$reason" --argjson ev "$evidence" \
        '{kind: $kind, host: $host, counters: $ev} + (if $reason != "" then {reason: $reason} else {} end)' >"$file"
      ;;
    *) die "unknown outcome $kind" ;;
  esac
}

case_end() {
  sleep 0.1
  local p n
  # the monitors, and the listeners and sniffers this case started
  for p in "${MONPIDS[@]}" "${BGPIDS[@]:$CASE_BG_START}"; do kill "$p" 2>/dev/null; done
  for p in "${MONPIDS[@]}" "${BGPIDS[@]:$CASE_BG_START}"; do wait "$p" 2>/dev/null; done
  MONPIDS=()
  for n in "${CASE_HOSTS[@]}"; do
    ip netns exec "$n" nstat -asz --json >"$CASE_DIR/nstat-after-$n.json"
    ip netns exec "$n" nft delete table ip hpcftrace 2>/dev/null
  done
  [ -f "$CASE_DIR/outcome.json" ] || die "case $CASE has no outcome"
  printf '%s\n' "${CASE_HOSTS[@]}" >"$CASE_DIR/hosts"
  CASES+=("$CASE")
  CASE=""
}

scenario_end() {
  "${OBSERVE[@]}" assemble "$OUT" "$SCENARIO" "${CASES[@]}" >>"$OUT/run.log" 2>&1 || die "assembling observed.json failed"
}

cleanup() {
  local p n
  for p in "${MONPIDS[@]:-}" "${BGPIDS[@]:-}"; do [ -n "$p" ] && kill "$p"; done
  sleep 0.05
  for n in "${NSLIST[@]:-}"; do
    [ -n "$n" ] || continue
    # processes still running inside our own namespaces (by pid, these namespaces only)
    for p in $(ip netns pids "$n"); do kill -9 "$p"; done
    ip netns del "$n"
  done
  wait
} 2>/dev/null
trap cleanup EXIT
trap 'exit 143' TERM INT
if [ "$COLLECT_MODE" = kubectl ]; then . "$CONF_DIR/lib-kubectl.sh"; fi
