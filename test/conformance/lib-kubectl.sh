# Sourced by lib.sh when HOOKPATH_CONFORMANCE_COLLECT=kubectl: collect_snapshot takes the snapshot
# through `kubectl hookpath collect`, with test/fixtures/fake-kubectl first on PATH.
#
# The cluster is made of the captured namespaces (kubectl-collect/fake-cluster-cli.ts): hosts of role
# node are nodes, pods (<name>.default) and gateway pods (<name>.kube-system, found by kube-ovn's
# VpcNatGateway label) run on the node their veth leads to. Each pod's sandbox is a process kept in
# its namespace, as the fake crictl reports it. A scenario without a node gets one more namespace,
# <prefix>-k8s-node, never traced. The plugin captures the nodes and pods; what no cluster shows
# (the external hosts, and wires between two nodes, two pods or to an external host) comes from a
# `hookpath collect --netns` of the same namespaces, as a user would add it. In <case>/:
#   snapshot-netns/    the netns capture        snapshot-kubectl/  the plugin's own snapshot
#   snapshot-cluster/  cluster.json, calls.jsonl and helper pods of the fake cluster
#   snapshot/          the plugin's, completed: what the engine traces

KUBECTL_PLUGIN=(node "$ROOT/apps/cli/bin/kubectl-hookpath.js")
FAKE_CLUSTER=(node "$ROOT/test/dist/conformance/kubectl-collect/fake-cluster-cli.js")
FAKE_KUBECTL_DIR=$ROOT/test/fixtures/fake-kubectl
declare -A SANDBOX_PID=()
K8S_NODE=""

collect_through_kubectl() { # <dir>
  local ref="$1-netns" state="$1-cluster" plugin="$1-kubectl" n has_node="" pods
  "${HOOKPATH[@]}" collect --netns "${CAPTURED[@]}" "${ROLES[@]}" --name "$SCENARIO" --out "$ref" >>"$OUT/run.log" 2>&1 ||
    die "hookpath collect --netns failed (see $OUT/run.log)"
  local args=()
  for n in "${CAPTURED[@]}"; do
    case "${ROLE_OF[$n]}" in
      node) has_node=1 ;;
      pod | gateway)
        if [ -z "${SANDBOX_PID[$n]:-}" ]; then
          ip netns exec "$n" sleep 3600 </dev/null >/dev/null 2>&1 &
          SANDBOX_PID[$n]=$!
        fi
        args+=("$n=${SANDBOX_PID[$n]}")
        ;;
    esac
  done
  if [ -z "$has_node" ]; then
    if [ -z "$K8S_NODE" ]; then
      K8S_NODE=$PFX-k8s-node
      ip netns del "$K8S_NODE" 2>/dev/null
      ip netns add "$K8S_NODE" || die "cannot create namespace $K8S_NODE"
      NSLIST+=("$K8S_NODE")
      ip -n "$K8S_NODE" link set lo up
    fi
    args=(--node "$K8S_NODE" "${args[@]}")
  fi
  mkdir -p "$state"
  pods=$("${FAKE_CLUSTER[@]}" cluster "$ref" "$state" "$SCENARIO" "${args[@]}" 2>>"$OUT/run.log") ||
    die "cannot describe the fake cluster (see $OUT/run.log)"
  local select=()
  [ -n "$pods" ] && select=(--pods "$pods")
  PATH="$FAKE_KUBECTL_DIR:$PATH" HOOKPATH_FAKE_CLUSTER=$state "${KUBECTL_PLUGIN[@]}" collect "${select[@]}" --name "$SCENARIO" --out "$plugin" \
    >>"$OUT/run.log" 2>&1 || die "kubectl hookpath collect failed (see $OUT/run.log)"
  "${FAKE_CLUSTER[@]}" assemble "$plugin" "$ref" "$1" >>"$OUT/run.log" 2>&1 ||
    die "the plugin's snapshot does not match the namespaces (see $OUT/run.log)"
}
