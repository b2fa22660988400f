# Bridge helpers for the scenarios 30-39 (source after lib.sh).
#
# bridge_pods [pc]: a node with bridge cni0 and pods on its ports (seed 003's shape)
#   pa 10.244.0.2/24 eth0 --- vetha -+
#   pb 10.244.0.3/24 eth0 --- vethb -+- cni0 10.244.0.1/24 [node]
#   pc 10.244.0.4/24 eth0 --- vethc -+   (only with the argument pc)
# The pods route everything through 10.244.0.1. br_netfilter must be loaded (this kernel has it);
# each new namespace starts with net.bridge.bridge-nf-call-iptables = 1 (oracle fact 4).
bridge_pods() {
  mkns node node
  nx node ip link add cni0 type bridge || die "cannot create bridge cni0"
  addr node cni0 10.244.0.1/24
  nx node ip link set cni0 up
  nx node sysctl -qw net.ipv4.conf.cni0.send_redirects=0
  forwarding node
  local p
  local pods=(pa pb)
  [ "${1:-}" = pc ] && pods+=(pc)
  local i=2
  for p in "${pods[@]}"; do
    mkns "$p" pod
    veth "$p" eth0 node "veth${p#p}"
    nx node ip link set "veth${p#p}" master cni0 || die "cannot enslave veth${p#p}"
    addr "$p" eth0 "10.244.0.$i/24"
    nx "$p" ip route add default via 10.244.0.1
    i=$((i + 1))
  done
}

# bridge_nf <ns> 0|1: the namespace's net.bridge.bridge-nf-call-iptables
bridge_nf() { nx "$1" sysctl -qw "net.bridge.bridge-nf-call-iptables=$2" || die "cannot set bridge-nf-call-iptables in $1"; }

# mac_of <ns> <iface>
mac_of() { nx "$1" cat "/sys/class/net/$2/address"; }

# rule_packets <ns> <table> <chain> <rule number>: the packet counter of one rule
rule_packets() { nx "$1" iptables -t "$2" -L "$3" "$4" -v -x -n | awk '{print $1}'; }

# macvlan_lan <mode> [<mode of mv2>]: a host whose eth0 (the lower device) is wired to an external
# station, and two macvlans of that eth0 moved into their own namespaces
#   hv eth0 10.30.0.1/24 --- eth0 ext 10.30.0.254/24
#   c1 mv1 10.30.0.11/24, c2 mv2 10.30.0.12/24   (macvlans of hv's eth0)
# The collector pairs veths only; the L2 segment the macvlans share with their lower device's
# wire is declared in topology.yaml as a user would (macvlan_segment, after case_begin).
macvlan_lan() {
  mkns hv node
  mkns ext external
  mkns c1 pod
  mkns c2 pod
  # the lower device gets an ifindex no other namespace uses: a macvlan names its lower device
  # by ifindex only, and fresh namespaces all number their first interfaces alike
  ip link add eth0 netns "$PFX-hv" index 40 type veth peer name eth0 netns "$PFX-ext" || die "veth hv eth0 ext eth0"
  ip -n "$PFX-hv" link set eth0 up
  ip -n "$PFX-ext" link set eth0 up
  addr hv eth0 10.30.0.1/24
  addr ext eth0 10.30.0.254/24
  local i mode
  for i in 1 2; do
    mode=$1
    [ "$i" = 2 ] && mode=${2:-$1}
    ip -n "$PFX-hv" link add "mv$i" link eth0 type macvlan mode "$mode" || die "cannot create macvlan mv$i ($mode)"
    ip -n "$PFX-hv" link set "mv$i" netns "$PFX-c$i" || die "cannot move mv$i"
    nx "c$i" ip link set "mv$i" up
    addr "c$i" "mv$i" "10.30.0.1$i/24"
  done
}

# macvlan_segment: adds the shared segment to the case's captured topology.yaml
macvlan_segment() {
  local topo="$CASE_DIR/snapshot/topology.yaml"
  [ -f "$topo" ] || die "no captured topology.yaml in $CASE_DIR"
  "$PY" - "$topo" "$PFX" <<'PYEOF' || die "cannot declare the macvlan segment"
import sys
path, pfx = sys.argv[1], sys.argv[2]
# the hv:eth0 -- ext:eth0 veth becomes part of the segment
lines = [l for l in open(path).read().splitlines() if l != "segments: []" and f"{pfx}-hv:eth0" not in l]
if lines == ["links:"]:
    lines = ["links: []"]
text = "\n".join(lines) + f"\nsegments:\n  - name: lan\n    members: [{pfx}-hv:eth0, {pfx}-c1:mv1, {pfx}-c2:mv2, {pfx}-ext:eth0]\n"
open(path, "w").write(text)
PYEOF
}

# no_neighbour <ns> <address>: the kernel's neighbour entry never resolved
no_neighbour() {
  sleep 1.2
  nx "$1" ip neigh show "$2" | grep -qE 'INCOMPLETE|FAILED' || die "expected an unresolved neighbour entry for $2 in $1, got: $(nx "$1" ip neigh show "$2")"
}
