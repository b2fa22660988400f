#!/usr/bin/env python3
"""Records the frames of one flow as they cross an interface, with their Ethernet addresses.

    wire.py --iface eth0 [--proto icmp|tcp|udp] [--id N] [--port N] [--dir in|out|any] --out FILE

One JSON line per matching IPv4 frame: ethSrc, ethDst, src, dst, ttl, proto, sport/dport or icmpType/icmpId.
FILE.ready appears once the socket is bound. A joint scenario compares these frames, the ones a
stand-in for OVN delivered, with what ovn-trace says OVN outputs for the same microflow.
"""
import argparse, json, os, signal, socket, struct, sys

PACKET_OUTGOING = 4


def mac(b):
    return ':'.join('%02x' % x for x in b)


def main():
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    p = argparse.ArgumentParser()
    p.add_argument('--iface', required=True)
    p.add_argument('--proto', choices=['icmp', 'tcp', 'udp'])
    p.add_argument('--id', type=int)
    p.add_argument('--port', type=int)
    p.add_argument('--dir', choices=['in', 'out', 'any'], default='in')
    p.add_argument('--out', required=True)
    a = p.parse_args()
    want = {'tcp': 6, 'udp': 17, 'icmp': 1}.get(a.proto)
    s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(0x0800))
    s.bind((a.iface, 0))
    with open(a.out + '.ready', 'w') as f:
        f.write('ready\n')
    while True:
        data, addr = s.recvfrom(65535)
        outgoing = addr[2] == PACKET_OUTGOING
        if (a.dir == 'in' and outgoing) or (a.dir == 'out' and not outgoing):
            continue
        if len(data) < 34 or data[12:14] != b'\x08\x00':
            continue
        ip = data[14:]
        ihl = (ip[0] & 15) * 4
        proto = ip[9]
        if want is not None and proto != want:
            continue
        rec = {'ethSrc': mac(data[6:12]), 'ethDst': mac(data[0:6]), 'src': socket.inet_ntoa(ip[12:16]),
               'dst': socket.inet_ntoa(ip[16:20]), 'ttl': ip[8], 'proto': {1: 'icmp', 6: 'tcp', 17: 'udp'}.get(proto, str(proto))}
        l4 = ip[ihl:]
        if proto in (6, 17):
            sport, dport = struct.unpack('!HH', l4[:4])
            if a.port is not None and a.port not in (sport, dport):
                continue
            rec.update({'sport': sport, 'dport': dport})
        elif proto == 1:
            itype, _, _, iid = struct.unpack('!BBHH', l4[:6])
            if a.id is not None and iid != a.id:
                continue
            rec.update({'icmpType': itype, 'icmpId': iid})
        with open(a.out, 'a') as f:
            f.write(json.dumps(rec) + '\n')


if __name__ == '__main__':
    main()
