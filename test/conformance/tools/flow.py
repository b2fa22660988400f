#!/usr/bin/env python3
"""Test traffic for the conformance scenarios: listeners that record what a socket saw, and
senders that emit exactly one connection attempt or datagram.

  flow.py listen icmp --id N --out F            raw ICMP socket: echo requests/replies with id N
  flow.py listen tcp --port P --out F [--transparent] [--bind A]
  flow.py listen udp --port P --out F [--echo] [--transparent] [--bind A]
  flow.py sniff --iface I --out F [--proto tcp|udp|icmp] [--port P] [--id N] [--inbound] [--icmp-error]
                                                AF_PACKET capture: the packet as it is on the wire
                                                (--inbound: arriving frames only; --icmp-error: ICMP
                                                errors only, recorded with type, code and the
                                                header they quote as `inner`)
  flow.py send tcp --dst D --dport P [--src S] [--sport P] [--mark M] [--tos T] [--ttl N] [--timeout S] [--graceful] --out F
  flow.py send segment --src S --sport P --dst D --dport P --flags ACK[,PSH...] --out F
                                                one raw TCP segment with those flags, no socket
                                                (a packet in the middle of a connection)
  flow.py send udp --dst D --dport P [--src S] [--sport P] [--mark M] [--tos T] [--ttl N] [--wait S] [--connect] --out F
                                                (--connect: a connected socket, so an ICMP error
                                                comes back to it as the errno of the wait)

Every record is one JSON object per line. A listener writes `<out>.ready` once it listens.
A TCP connect is given less than the kernel's first SYN retransmission time (1 s), so exactly
one SYN leaves unless the handshake completes.
"""
import argparse
import json
import os
import signal
import socket
import struct
import sys
import time

IP_TRANSPARENT = 19
IP_PKTINFO = 8


def record(path, obj):
    with open(path, "a") as f:
        f.write(json.dumps(obj) + "\n")


def ready(path):
    with open(path + ".ready", "w") as f:
        f.write("ready\n")


def ip_header(data):
    ihl = (data[0] & 0x0F) * 4
    proto = data[9]
    src = socket.inet_ntoa(data[12:16])
    dst = socket.inet_ntoa(data[16:20])
    return ihl, proto, src, dst, data[8], data[1]


def l4(proto, payload):
    """(sport, dport, icmp type, icmp id, tcp flags) of an IPv4 payload."""
    if proto in (6, 17) and len(payload) >= 4:
        sport, dport = struct.unpack("!HH", payload[:4])
        flags = payload[13] if proto == 6 and len(payload) >= 14 else 0
        return sport, dport, None, None, flags
    if proto == 1 and len(payload) >= 8:
        return None, None, payload[0], struct.unpack("!H", payload[4:6])[0], 0
    return None, None, None, None, 0


PROTO_NAMES = {1: "icmp", 6: "tcp", 17: "udp"}

ICMP_ERRORS = (3, 4, 5, 11, 12)


def icmp_error(proto, payload):
    """Type, code and the quoted IP header with its ports (or echo id) of an ICMP error; None otherwise."""
    if proto != 1 or len(payload) < 8 + 20 or payload[0] not in ICMP_ERRORS:
        return None
    quoted = payload[8:]
    ihl, iproto, isrc, idst, _, _ = ip_header(quoted)
    inner = {"proto": PROTO_NAMES.get(iproto, str(iproto)), "src": isrc, "dst": idst}
    sport, dport, itype, iid, _ = l4(iproto, quoted[ihl:])
    if sport is not None:
        inner.update({"sport": sport, "dport": dport})
    if itype is not None:
        inner.update({"icmpType": itype, "icmpId": iid})
    return {"icmpType": payload[0], "icmpCode": payload[1], "inner": inner}

# 56 bytes, like ping's payload: the datagram is 84 bytes long, the length the engine assumes for
# a udp packet (the `length` match depends on it).
UDP_PAYLOAD = b"hookpath-conformance-".ljust(56, b".")


def listen_icmp(args):
    s = socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_ICMP)
    ready(args.out)
    while True:
        data = s.recv(65535)
        ihl, proto, src, dst, ttl, tos = ip_header(data)
        _, _, itype, iid, _ = l4(proto, data[ihl:])
        if itype in (0, 8) and iid == args.id:
            record(args.out, {"proto": "icmp", "src": src, "dst": dst, "icmpType": itype, "icmpId": iid, "ttl": ttl})


def listen_tcp(args):
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    if args.transparent:
        s.setsockopt(socket.SOL_IP, IP_TRANSPARENT, 1)
    s.bind((args.bind, args.port))
    s.listen(16)
    ready(args.out)
    while True:
        c, peer = s.accept()
        local = c.getsockname()
        record(args.out, {"proto": "tcp", "src": peer[0], "sport": peer[1], "dst": local[0], "dport": local[1]})
        c.close()


def listen_udp(args):
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.setsockopt(socket.SOL_IP, IP_PKTINFO, 1)
    if args.transparent:
        s.setsockopt(socket.SOL_IP, IP_TRANSPARENT, 1)
    s.bind((args.bind, args.port))
    ready(args.out)
    while True:
        data, anc, _, peer = s.recvmsg(65535, 256)
        dst = None
        for level, kind, value in anc:
            if level == socket.SOL_IP and kind == IP_PKTINFO:
                dst = socket.inet_ntoa(value[8:12])
        record(args.out, {"proto": "udp", "src": peer[0], "sport": peer[1], "dst": dst, "dport": args.port})
        if args.echo:
            s.sendto(data, peer)


def sniff(args):
    s = socket.socket(socket.AF_PACKET, socket.SOCK_DGRAM, socket.htons(0x0800))
    s.bind((args.iface, 0))
    ready(args.out)
    want = {"tcp": 6, "udp": 17, "icmp": 1}.get(args.proto)
    while True:
        data, addr = s.recvfrom(65535)
        if len(data) < 20:
            continue
        if args.inbound and addr[2] == socket.PACKET_OUTGOING:
            continue
        ihl, proto, src, dst, ttl, tos = ip_header(data)
        if want is not None and proto != want:
            continue
        if args.icmp_error:
            err = icmp_error(proto, data[ihl:])
            if err is None:
                continue
            record(args.out, {"proto": "icmp", "src": src, "dst": dst, "ttl": ttl, "tos": tos, **err})
            continue
        sport, dport, itype, iid, flags = l4(proto, data[ihl:])
        if args.port is not None and args.port not in (sport, dport):
            continue
        if args.id is not None and iid != args.id:
            continue
        rec = {"proto": PROTO_NAMES.get(proto, str(proto)), "src": src, "dst": dst, "ttl": ttl, "tos": tos}
        if sport is not None:
            rec.update({"sport": sport, "dport": dport})
        if itype is not None:
            rec.update({"icmpType": itype, "icmpId": iid})
        if proto == 6:
            rec["tcpFlags"] = flags
        record(args.out, rec)


def prepare(s, args):
    if args.mark is not None:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_MARK, int(args.mark, 0))
    if args.tos is not None:
        s.setsockopt(socket.SOL_IP, socket.IP_TOS, int(args.tos, 0))
    if args.ttl is not None:
        s.setsockopt(socket.SOL_IP, socket.IP_TTL, args.ttl)
    if args.src is not None or args.sport is not None:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        s.bind((args.src or "0.0.0.0", args.sport or 0))


def send_tcp(args):
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    prepare(s, args)
    s.settimeout(args.timeout)
    try:
        s.connect((args.dst, args.dport))
        local = s.getsockname()
        peer = s.getpeername()
        # what the client's socket saw of the SYN-ACK: from the peer, to its own address
        result = {"result": "connected", "proto": "tcp", "src": peer[0], "sport": peer[1], "dst": local[0], "dport": local[1]}
    except socket.timeout:
        result = {"result": "timeout"}
    except OSError as e:
        result = {"result": "error", "errno": e.errno, "error": os.strerror(e.errno or 0)}
    record(args.out, result)
    if args.graceful and result["result"] == "connected":
        # The listener closes first (its FIN), this side reads the end and closes with its own FIN:
        # the peer's socket and the conntrack entries on the path end in TIME_WAIT.
        try:
            while s.recv(4096):
                pass
        except OSError:
            pass
        s.close()
        return
    # Closing with SO_LINGER 0 sends a RST instead of a FIN sequence: no more packets of the flow.
    s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    s.close()


TCP_FLAG_BITS = {"FIN": 0x01, "SYN": 0x02, "RST": 0x04, "PSH": 0x08, "ACK": 0x10, "URG": 0x20, "ECE": 0x40, "CWR": 0x80}


def checksum(data):
    if len(data) % 2:
        data += b"\0"
    total = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    while total >> 16:
        total = (total & 0xFFFF) + (total >> 16)
    return ~total & 0xFFFF


def send_segment(args):
    flags = 0
    for name in args.flags.upper().split(","):
        flags |= TCP_FLAG_BITS[name]
    src, dst = socket.inet_aton(args.src), socket.inet_aton(args.dst)
    header = struct.pack("!HHIIBBHHH", args.sport, args.dport, 1000, 2000 if flags & 0x10 else 0, 5 << 4, flags, 64240, 0, 0)
    pseudo = src + dst + struct.pack("!BBH", 0, 6, len(header))
    header = header[:16] + struct.pack("!H", checksum(pseudo + header)) + header[18:]
    s = socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_TCP)
    s.bind((args.src, 0))
    s.sendto(header, (args.dst, 0))
    record(args.out, {"result": "sent", "proto": "tcp", "src": args.src, "sport": args.sport, "dst": args.dst, "dport": args.dport, "flags": args.flags})


def send_udp(args):
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    prepare(s, args)
    try:
        if args.connect:
            s.connect((args.dst, args.dport))
        s.sendto(UDP_PAYLOAD, (args.dst, args.dport))
        result = {"result": "sent", "sport": s.getsockname()[1]}
        if args.wait > 0:
            s.settimeout(args.wait)
            try:
                _, peer = s.recvfrom(65535)
                local = s.getsockname()
                result.update({"reply": True, "proto": "udp", "src": peer[0], "sport": peer[1], "dst": local[0], "dport": local[1]})
            except socket.timeout:
                result["reply"] = False
            except OSError as e:
                result.update({"reply": False, "errno": e.errno, "error": os.strerror(e.errno or 0)})
    except OSError as e:
        result = {"result": "error", "errno": e.errno, "error": os.strerror(e.errno or 0)}
    record(args.out, result)


def main():
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    p = argparse.ArgumentParser()
    sub = p.add_subparsers(dest="cmd", required=True)
    lp = sub.add_parser("listen")
    lp.add_argument("proto", choices=["icmp", "tcp", "udp"])
    lp.add_argument("--id", type=int)
    lp.add_argument("--port", type=int)
    lp.add_argument("--bind", default="0.0.0.0")
    lp.add_argument("--transparent", action="store_true")
    lp.add_argument("--echo", action="store_true")
    lp.add_argument("--out", required=True)
    sp = sub.add_parser("sniff")
    sp.add_argument("--iface", required=True)
    sp.add_argument("--proto", choices=["icmp", "tcp", "udp"])
    sp.add_argument("--port", type=int)
    sp.add_argument("--id", type=int)
    sp.add_argument("--inbound", action="store_true")
    sp.add_argument("--icmp-error", action="store_true")
    sp.add_argument("--out", required=True)
    tp = sub.add_parser("send")
    tp.add_argument("proto", choices=["tcp", "udp", "segment"])
    tp.add_argument("--dst", required=True)
    tp.add_argument("--dport", type=int, required=True)
    tp.add_argument("--src")
    tp.add_argument("--sport", type=int)
    tp.add_argument("--mark")
    tp.add_argument("--tos")
    tp.add_argument("--ttl", type=int)
    tp.add_argument("--connect", action="store_true")
    tp.add_argument("--timeout", type=float, default=0.8)
    tp.add_argument("--wait", type=float, default=0)
    tp.add_argument("--graceful", action="store_true")
    tp.add_argument("--flags", default="ACK")
    tp.add_argument("--out", required=True)
    args = p.parse_args()
    if args.cmd == "listen":
        {"icmp": listen_icmp, "tcp": listen_tcp, "udp": listen_udp}[args.proto](args)
    elif args.cmd == "sniff":
        sniff(args)
    else:
        {"tcp": send_tcp, "udp": send_udp, "segment": send_segment}[args.proto](args)


if __name__ == "__main__":
    main()
