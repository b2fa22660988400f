# Share scenarios (source after lib.sh): the kernel decides many times, once per flow, where a
# trace branches (a kube-proxy statistic spread, a weighted multipath route). The scenario opens
# many flows from one process (tools/spread.py), each from its own source port, records where each
# one ended, and the engine's branches must have the same set of ends with the observed shares.
#
#   shares_begin <id> --from <short> --src A --dst B -p tcp|udp --sport FIRST --dport P --count N
#       captures the namespaces with `hookpath collect`; the engine request is the first flow
#       (source port FIRST), with no option that pins a branch;
#   serve <ns> <name> <port>   a spread.py server in pod <ns>, recording to $SHARE_DIR/<name>.jsonl
#   spread <ns> connect|udp [spread.py options]   the N flows from <ns>, recorded in $SHARE_DIR/flows.jsonl
#   (lib.sh's listen and sniff record to $SHARE_DIR too)
#   shares_end delivered:<ns>:<record> ... | left:<ns>:<iface>:<record> ... [dropped:<ns>:<REASON>:<dst>:<dport>:<count>]
#       every flow must be seen at exactly one of those places (a server's or a sniffer's record
#       with its source port) or the kernel did not do what the scenario expects (status 3); with
#       a dropped place, the flows seen nowhere are its flows and must be exactly <count> (the
#       packet counter of the dropping rule, rule_packets), dropped with those addresses;
#       writes <id>/share.json: the count of flows per end (place and final addresses);
#   rule_packets <ns> <table> <chain> <n>   the packet counter of rule <n> of a chain
#   shares_scenario_end   scenario_end, then the shares go into observed.json (`shares`).
#
# The spread.py servers write their namespace's name back to the client, and shares_end checks it
# against the server that recorded the client's port. Nothing here traces packets: a share case has no xtables-monitor.

SHARES=()
SHARE=""
SHARE_DIR=""
SHARE_ARGS=()
SHARE_BG_START=0
SHARES_CLI=(node "$ROOT/test/dist/conformance/observe/shares-cli.js")

shares_begin() {
  SHARE=$1
  shift
  SHARE_DIR="$OUT/$SHARE"
  CASE_DIR=$SHARE_DIR
  mkdir -p "$SHARE_DIR"
  local from="" src="" dst="" proto="" sport="" dport="" count=""
  while [ $# -gt 0 ]; do
    case "$1" in
      --from) from=$(place "$2"); shift 2 ;;
      --src) src=$2; shift 2 ;;
      --dst) dst=$2; shift 2 ;;
      -p) proto=$2; shift 2 ;;
      --sport) sport=$2; shift 2 ;;
      --dport) dport=$2; shift 2 ;;
      --count) count=$2; shift 2 ;;
      *) die "shares_begin: unknown option $1" ;;
    esac
  done
  [ -n "$from" ] && [ -n "$src" ] && [ -n "$dst" ] && [ -n "$proto" ] && [ -n "$sport" ] && [ -n "$dport" ] && [ -n "$count" ] ||
    die "shares_begin needs --from --src --dst -p --sport --dport --count"
  collect_snapshot "$SHARE_DIR/snapshot"
  jq -n --arg from "$from" --arg src "$src" --arg dst "$dst" --arg proto "$proto" --argjson sport "$sport" --argjson dport "$dport" \
    '{from: $from, roundTrip: false, packet: {src: $src, dst: $dst, proto: $proto, sport: $sport, dport: $dport}}' >"$SHARE_DIR/request.json" ||
    die "bad request arguments"
  SHARE_ARGS=(--src "$src" --sports "$sport" --count "$count" --dst "$dst" --dport "$dport")
  SHARE_BG_START=${#BGPIDS[@]}
  log "shares $SHARE: $count flows like $(jq -c . "$SHARE_DIR/request.json")"
}

serve() {
  local n=$1 name=$2 port=$3
  local f="$SHARE_DIR/$name.jsonl"
  bg ip netns exec "$PFX-$n" "$PY" "$CONF_DIR/tools/spread.py" serve --port "$port" --name "$PFX-$n" --out "$f"
  wait_for "$f.ready" || die "server $name in $n did not start"
}

spread() {
  local n=$1 kind=$2
  shift 2
  ip netns exec "$PFX-$n" "$PY" "$CONF_DIR/tools/spread.py" "$kind" "${SHARE_ARGS[@]}" "$@" --out "$SHARE_DIR/flows.jsonl" ||
    die "spread.py $kind in $n failed"
}

shares_end() {
  # the last records reach the servers' and sniffers' files within a moment
  sleep 0.2
  local p spec places=()
  for p in "${BGPIDS[@]:$SHARE_BG_START}"; do kill "$p" 2>/dev/null; done
  for p in "${BGPIDS[@]:$SHARE_BG_START}"; do wait "$p" 2>/dev/null; done
  for spec in "$@"; do
    case "$spec" in
      delivered:*:*) places+=("delivered:$PFX-${spec#delivered:}") ;;
      left:*:*:*) places+=("left:$PFX-${spec#left:}") ;;
      dropped:*:*:*:*:*) places+=("dropped:$PFX-${spec#dropped:}") ;;
      *) die "shares_end: bad place $spec" ;;
    esac
  done
  local why
  why=$("${SHARES_CLI[@]}" record "$SHARE_DIR" "${places[@]}" 2>&1) || die "$why"
  SHARES+=("$SHARE")
  SHARE=""
}

rule_packets() {
  nx "$1" iptables -t "$2" -L "$3" "$4" -v -x -n | awk '{ print $1 }'
}

shares_scenario_end() {
  scenario_end
  "${SHARES_CLI[@]}" assemble "$OUT" "${SHARES[@]}" >>"$OUT/run.log" 2>&1 || die "adding the shares to observed.json failed"
}
