#!/bin/sh
# Sends single crafted packets (raw socket) between two namespaces (hppl-ca -> hppl-cb) and prints
# which `-m conntrack --ctstate` each one had at PREROUTING in hppl-cb, where nothing matched an
# entry before. Run as root: sh capture-ct-states.sh > ct-states.txt
set -u
PY=$(mktemp)
cleanup() { ip netns del hppl-ca 2>/dev/null; ip netns del hppl-cb 2>/dev/null; rm -f "$PY"; }
trap cleanup EXIT
cleanup
cat > "$PY" <<'PYEOF'
import socket, struct, sys
def csum(b):
    if len(b) % 2: b += b'\0'
    s = sum(struct.unpack('!%dH' % (len(b)//2), b)); s = (s >> 16) + (s & 0xffff); s += s >> 16
    return (~s) & 0xffff
def ip(src, dst, proto, payload):
    h = struct.pack('!BBHHHBBH4s4s', 0x45, 0, 20+len(payload), 1, 0, 64, proto, 0, socket.inet_aton(src), socket.inet_aton(dst))
    h = h[:10] + struct.pack('!H', csum(h)) + h[12:]
    return h + payload
def tcp(src, dst, sp, dp, flags):
    t = struct.pack('!HHIIBBHHH', sp, dp, 1000, 1 if flags & 0x10 else 0, 5 << 4, flags, 65535, 0, 0)
    ph = socket.inet_aton(src) + socket.inet_aton(dst) + struct.pack('!BBH', 0, 6, len(t))
    return t[:16] + struct.pack('!H', csum(ph + t)) + t[18:]
def icmp(typ, ident):
    m = struct.pack('!BBHHH', typ, 0, 0, ident, 1)
    return m[:2] + struct.pack('!H', csum(m)) + m[4:]
s = socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_RAW)
src, dst = '10.88.0.1', '10.88.0.2'
kind = sys.argv[1]
flags = {'syn': 0x02, 'ack': 0x10, 'synack': 0x12, 'fin': 0x11, 'rst': 0x04, 'none': 0x00}
if kind in flags: pkt = ip(src, dst, 6, tcp(src, dst, 40000 + list(flags).index(kind), 80, flags[kind]))
elif kind == 'echoreply': pkt = ip(src, dst, 1, icmp(0, 777))
elif kind == 'echo': pkt = ip(src, dst, 1, icmp(8, 778))
s.sendto(pkt, (dst, 0))
PYEOF
ip netns add hppl-ca; ip netns add hppl-cb
ip link add a0 netns hppl-ca type veth peer name b0 netns hppl-cb
ip -n hppl-ca addr add 10.88.0.1/24 dev a0; ip -n hppl-ca link set a0 up; ip -n hppl-ca link set lo up
ip -n hppl-cb addr add 10.88.0.2/24 dev b0; ip -n hppl-cb link set b0 up; ip -n hppl-cb link set lo up
B="ip netns exec hppl-cb"
for st in NEW INVALID ESTABLISHED; do $B iptables -t mangle -A PREROUTING -m conntrack --ctstate $st -j ACCEPT; done
ip netns exec hppl-ca ping -c1 -W1 10.88.0.2 >/dev/null
probe() {
  $B conntrack -F 2>/dev/null; $B iptables -t mangle -Z
  ip netns exec hppl-ca python3 "$PY" "$1"; sleep 0.2
  echo "$2 $($B iptables -t mangle -L PREROUTING -v -n -x | awk 'NR>2 && $1>0 {print $NF}' | tr '\n' ' ')"
}
for k in syn ack synack fin rst none echoreply echo; do probe $k $k; done
$B sysctl -qw net.netfilter.nf_conntrack_tcp_loose=0
probe ack ack-tcp_loose=0
