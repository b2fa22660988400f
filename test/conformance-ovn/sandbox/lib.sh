# Helpers a scenario may use (sourced by run-scenario.sh after the daemons are up).
# shellcheck shell=bash

DEFERRED_BINDS=()
DEFERRED_MACS=()
PROBES=()

nb() { ovn-nbctl "$@"; }
sb() { ovn-sbctl "$@"; }

# chassis <name> <encap ip> [hostname]: an SB chassis, as ovn-controller would register it.
chassis() {
  ovn-sbctl chassis-add "$1" geneve "$2"
  if [[ -n ${3:-} ]]; then ovn-sbctl set Chassis "$1" hostname="$3"; fi
}

# bind <logical switch port> <chassis>: the Port_Binding ovn-controller claims (after northd's sync).
bind() { DEFERRED_BINDS+=("$1 $2"); }

# mac_binding <router> <router port> <ip> <mac>: the SB MAC_Binding ovn-controller learns from an
# ARP reply of a next hop outside OVN (ovn-trace reads only these, not NB Static_MAC_Binding).
mac_binding() { DEFERRED_MACS+=("$1 $2 $3 $4"); }

# probe <name> <datapath> <microflow> [ovn-trace options...]: traced after the capture. Each probe
# needs a `# request <name>: ...` line with the equivalent hookpath trace request.
probe() {
  local q="" a
  for a in "$@"; do q+=" $(printf '%q' "$a")"; done
  PROBES+=("$q")
}

# Microflows as a pod (or an upstream router) sends them: IPv4, TTL 64.
# flow_icmp <inport> <eth.src> <eth.dst> <ip4.src> <ip4.dst>       an echo request
# flow_tcp  <inport> <eth.src> <eth.dst> <ip4.src> <ip4.dst> <sport> <dport> [tcp.flags, default 0x002 SYN]
# flow_udp  <inport> <eth.src> <eth.dst> <ip4.src> <ip4.dst> <sport> <dport>
flow_ip() { printf 'inport == "%s" && eth.src == %s && eth.dst == %s && ip4.src == %s && ip4.dst == %s && ip.ttl == 64' "$@"; }
flow_icmp() { printf '%s && icmp4.type == 8 && icmp4.code == 0' "$(flow_ip "$@")"; }
flow_tcp() { printf '%s && tcp && tcp.src == %s && tcp.dst == %s && tcp.flags == %s' "$(flow_ip "$1" "$2" "$3" "$4" "$5")" "$6" "$7" "${8:-0x002}"; }
flow_udp() { printf '%s && udp && udp.src == %s && udp.dst == %s' "$(flow_ip "$1" "$2" "$3" "$4" "$5")" "$6" "$7"; }

# from_capture <example>: runs the northbound build of examples/<example>/capture.sh unchanged
# (same names, MACs, addresses, UUIDs): its lines after `nb init`, up to the first that starts a
# daemon, touches the southbound side or writes files (this sandbox does those itself).
from_capture() {
  local script
  script=$(sed -n '/^nb init$/,$p' "$REPO/examples/$1/capture.sh" | sed '1d' \
    | sed '/^\(ovsdb-tool\|ovsdb-server\|ovn-northd\|ovn-sbctl\|# The southbound side\|O=\$HERE\/ovn$\)/,$d')
  [[ -n $script ]] || { echo "from_capture: no build commands in examples/$1/capture.sh" >&2; return 1; }
  eval "$script"
}

# ---------------------------------------------------------------- kube-ovn shapes
# The rows kube-ovn's controller writes (pkg/ovs/ovn-nb*.go), with its names and external_ids.

# ko_router <vpc>: a Vpc's logical router.
ko_router() { nb lr-add "$1" -- set Logical_Router "$1" external_ids:vendor=kube-ovn external_ids:vpc="$1"; }

# ko_patch <switch> <router> <mac> <cidr-with-gateway-ip>: the LSP <switch>-<router> (type router,
# addresses "router") and the LRP <router>-<switch> (CreateRouterPortOp).
ko_patch() {
  nb lrp-add "$2" "$2-$1" "$3" "$4" -- set Logical_Router_Port "$2-$1" external_ids:vendor=kube-ovn \
    -- lsp-add "$1" "$1-$2" -- lsp-set-type "$1-$2" router -- lsp-set-addresses "$1-$2" router \
    -- lsp-set-options "$1-$2" router-port="$2-$1"
}

# ko_subnet <subnet> <vpc> <cidr> <gateway> <lrp mac>: a Subnet's switch and its router port.
ko_subnet() {
  nb ls-add "$1" -- set Logical_Switch "$1" external_ids:vendor=kube-ovn external_ids:logical_router="$2" \
    other_config:subnet="$3" other_config:exclude_ips="$4"
  ko_patch "$1" "$2" "$5" "$4/${3#*/}"
}

# ko_pod <subnet> <pod> <namespace> <mac> <ip> [port_security]: a pod's port <pod>.<namespace>.
ko_pod() {
  local lsp="$2.$3"
  nb lsp-add "$1" "$lsp" -- lsp-set-addresses "$lsp" "$4 $5" \
    -- set Logical_Switch_Port "$lsp" external_ids:vendor=kube-ovn external_ids:ls="$1" external_ids:pod="$3/$2"
  if [[ ${6:-} == port_security ]]; then nb lsp-set-port-security "$lsp" "$4 $5"; fi
}

# ko_external <switch> <provider network> <localnet port>: the external (underlay) switch of
# ovn-external-gw-config with its localnet port.
ko_external() {
  nb ls-add "$1" -- set Logical_Switch "$1" external_ids:vendor=kube-ovn \
    -- lsp-add "$1" "$3" -- lsp-set-type "$3" localnet -- lsp-set-addresses "$3" unknown \
    -- lsp-set-options "$3" network_name="$2"
}

# ko_gateway <vpc> <external switch> <mac> <ip/prefix> <chassis>...: the VPC's external router port
# <vpc>-<switch> with gateway chassis, priorities 100, 99, ... in the order given.
ko_gateway() {
  local vpc=$1 ext=$2 mac=$3 ip=$4 prio=100 ch
  shift 4
  ko_patch "$ext" "$vpc" "$mac" "$ip"
  for ch in "$@"; do nb lrp-set-gateway-chassis "$vpc-$ext" "$ch" "$prio"; prio=$((prio - 1)); done
}

# ko_policy <router> <priority> <match> <allow|drop|reroute> <nexthop or ""> [key=value external_ids...]
ko_policy() {
  local lr=$1 prio=$2 match=$3 action=$4 nh=$5 ids=() kv
  shift 5
  for kv in vendor=kube-ovn "$@"; do ids+=("external_ids:${kv%%=*}=\"${kv#*=}\""); done
  local cols=(priority="$prio" match="\"${match//\"/\\\"}\"" action="$action")
  [[ -n $nh ]] && cols+=(nexthops="\"$nh\"")
  nb --id=@p create Logical_Router_Policy "${cols[@]}" "${ids[@]}" -- add Logical_Router "$lr" policies @p >/dev/null
}

# ko_port_group <name> <key=value external_ids...> -- <lsp>...: a port group (OVN adds <name>_ip4).
ko_port_group() {
  local name=$1 ids=() kv
  shift
  while [[ $# -gt 0 && $1 != -- ]]; do ids+=("external_ids:${1%%=*}=\"${1#*=}\""); shift; done
  [[ ${1:-} == -- ]] && shift
  nb pg-add "$name" "$@" -- set Port_Group "$name" external_ids:vendor=kube-ovn "${ids[@]}"
}

# Every ct action of a first packet sees a new connection (more than any path here needs).
CT_NEW=(--ct new --ct new --ct new --ct new --ct new --ct new --ct new --ct new --ct new --ct new)

# use <setup>: sources sandbox/<setup>.sh, a topology several scenarios share.
use() { # shellcheck disable=SC1090
  source "$HERE/$1.sh"; }
