#!/usr/bin/env python3
"""Many flows for the share scenarios (lib-shares.sh): one process opens them all, one after the
other, each from its own source port, so the kernel decides once per flow.

  spread.py serve --port P --name N --out F       TCP server: sends its name to every client it
                                                   accepts and records what it saw of the client
  spread.py connect --src S --sports FIRST --count N --dst D --dport P --out F
                                                   N TCP connections from source ports FIRST..FIRST+N-1;
                                                   each reads the server's name, then closes with a RST
  spread.py udp --src S --sports FIRST --count N --dst D --dport P [--gap S] --out F
                                                   one datagram from each of N source ports, --gap
                                                   seconds apart (a sniffer's socket buffer holds
                                                   a few hundred packets)

Every record is one JSON object per line; a server writes `<out>.ready` once it listens. A client
waits for the server's name before it closes, so the server has accepted the connection (and
recorded it) before the RST: no record is lost to a connection reset in the accept queue.
"""
import argparse
import json
import signal
import socket
import struct
import sys
import time

PAYLOAD = b"hookpath-conformance-".ljust(56, b".")


def serve(args):
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind(("0.0.0.0", args.port))
    s.listen(128)
    with open(args.out + ".ready", "w") as f:
        f.write("ready\n")
    with open(args.out, "a", buffering=1) as out:
        while True:
            try:
                c, peer = s.accept()
            except OSError:
                continue
            try:
                local = c.getsockname()
                c.sendall(args.name.encode() + b"\n")
                out.write(json.dumps({"proto": "tcp", "src": peer[0], "sport": peer[1], "dst": local[0], "dport": local[1]}) + "\n")
            except OSError:
                pass
            finally:
                c.close()


def bound(kind, src, sport):
    s = socket.socket(socket.AF_INET, kind)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind((src, sport))
    return s


def connect(args):
    records = []
    for sport in range(args.sports, args.sports + args.count):
        s = bound(socket.SOCK_STREAM, args.src, sport)
        s.settimeout(args.timeout)
        rec = {"sport": sport}
        try:
            s.connect((args.dst, args.dport))
            name = b""
            while not name.endswith(b"\n"):
                chunk = s.recv(256)
                if not chunk:
                    break
                name += chunk
            rec.update({"result": "connected", "server": name.decode().strip()})
        except socket.timeout:
            rec["result"] = "timeout"
        except OSError as e:
            rec.update({"result": "error", "errno": e.errno})
        # SO_LINGER 0: the close is a RST, no FIN sequence and no TIME_WAIT on the client
        s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        s.close()
        records.append(rec)
    with open(args.out, "w") as f:
        f.writelines(json.dumps(r) + "\n" for r in records)


def udp(args):
    records = []
    for sport in range(args.sports, args.sports + args.count):
        s = bound(socket.SOCK_DGRAM, args.src, sport)
        try:
            s.sendto(PAYLOAD, (args.dst, args.dport))
            records.append({"sport": sport, "result": "sent"})
        except OSError as e:
            records.append({"sport": sport, "result": "error", "errno": e.errno})
        s.close()
        if args.gap > 0:
            time.sleep(args.gap)
    with open(args.out, "w") as f:
        f.writelines(json.dumps(r) + "\n" for r in records)


def main():
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    p = argparse.ArgumentParser()
    sub = p.add_subparsers(dest="cmd", required=True)
    sp = sub.add_parser("serve")
    sp.add_argument("--port", type=int, required=True)
    sp.add_argument("--name", required=True)
    sp.add_argument("--out", required=True)
    for cmd in ("connect", "udp"):
        cp = sub.add_parser(cmd)
        cp.add_argument("--src", required=True)
        cp.add_argument("--sports", type=int, required=True)
        cp.add_argument("--count", type=int, required=True)
        cp.add_argument("--dst", required=True)
        cp.add_argument("--dport", type=int, required=True)
        cp.add_argument("--timeout", type=float, default=0.8)
        cp.add_argument("--gap", type=float, default=0)
        cp.add_argument("--out", required=True)
    args = p.parse_args()
    {"serve": serve, "connect": connect, "udp": udp}[args.cmd](args)


if __name__ == "__main__":
    main()
