import type { L4Protocol } from '../packet/packet';

const NUMBERS: Readonly<Record<L4Protocol, number>> = { icmp: 1, tcp: 6, udp: 17 };

export const protoNumber = (proto: L4Protocol): number => NUMBERS[proto];
