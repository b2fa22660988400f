import type { NetInterface } from '@hookpath/model';
import { LineContext, parseUnsigned, tokenize } from '../ip-common';
import type { Token } from '../ip-common';

/** Header words followed by one value: `mtu 1500 qdisc noqueue master br0 state UP mode DEFAULT ...`. */
const VALUE_KEYS = new Set(['mtu', 'qdisc', 'master', 'state', 'mode', 'group', 'qlen']);
/** Header words that stand alone (an attached XDP program). */
const WORD_KEYS = new Set(['xdp', 'xdpgeneric', 'xdpdrv', 'xdpoffload', 'xdpmulti']);

/** True for the first line of an interface block: `2: eth0@if5: <...> ...`. */
export function isHeaderLine(line: string): boolean {
  return /^\d+:\s/.test(line);
}

/**
 * Parses `N: name[@link]: <FLAGS> mtu M qdisc Q [master B] state S [mode M] group G [qlen L]`.
 * `@link` is the peer or parent: a name in this namespace, `ifN` when iproute2 cannot name it (the
 * peer is in another namespace), or `NONE` for a tunnel without a lower device.
 */
export function parseHeaderLine(ctx: LineContext): NetInterface | null {
  const tokens = tokenize(ctx.text);
  const [indexToken, nameToken, flagsToken] = tokens;
  if (indexToken === undefined || !/^\d+:$/.test(indexToken.text)) {
    ctx.error(indexToken?.column ?? 1, 'expected the interface index followed by `:`');
    return null;
  }
  if (nameToken === undefined || !nameToken.text.endsWith(':') || nameToken.text.length < 2) {
    ctx.error(nameToken?.column ?? indexToken.column + indexToken.text.length, 'expected the interface name followed by `:`');
    return null;
  }
  const iface: NetInterface = {
    ifindex: Number(indexToken.text.slice(0, -1)),
    name: '',
    kind: 'ether',
    flags: [],
    addresses: [],
  };
  const fullName = nameToken.text.slice(0, -1);
  const at = fullName.lastIndexOf('@');
  if (at > 0) {
    iface.name = fullName.slice(0, at);
    const link = fullName.slice(at + 1);
    if (link !== 'NONE' && link !== '') iface.link = link;
  } else {
    iface.name = fullName;
  }
  if (flagsToken === undefined || !/^<[^<>]*>$/.test(flagsToken.text)) {
    ctx.error(flagsToken?.column ?? nameToken.column + nameToken.text.length, 'expected the interface flags in angle brackets');
    return iface;
  }
  iface.flags = flagsToken.text
    .slice(1, -1)
    .split(',')
    .filter((flag) => flag !== '');
  readHeaderKeys(ctx, iface, tokens.slice(3));
  return iface;
}

function readHeaderKeys(ctx: LineContext, iface: NetInterface, tokens: Token[]): void {
  for (let i = 0; i < tokens.length; i += 1) {
    const key = tokens[i] as Token;
    if (WORD_KEYS.has(key.text)) continue;
    if (!VALUE_KEYS.has(key.text)) {
      ctx.error(key.column, `unknown interface attribute \`${key.text}\``);
      continue;
    }
    const value = tokens[i + 1];
    i += 1;
    if (value === undefined) {
      ctx.error(key.column, `\`${key.text}\` without a value`);
      continue;
    }
    switch (key.text) {
      case 'mtu': {
        const mtu = parseUnsigned(value.text);
        if (mtu === undefined) ctx.error(value.column, `invalid mtu \`${value.text}\``);
        else iface.mtu = mtu;
        break;
      }
      case 'master':
        iface.master = value.text;
        break;
      case 'state':
        iface.operState = value.text;
        break;
      case 'qlen':
        if (parseUnsigned(value.text) === undefined) ctx.error(value.column, `invalid qlen \`${value.text}\``);
        break;
      default:
        break;
    }
  }
}
