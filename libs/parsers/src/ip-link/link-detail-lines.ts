import type { NetInterface } from '@hookpath/model';
import { LineContext, parseUnsigned } from '../ip-common';
import type { Token } from '../ip-common';
import { hasMacvlanMode, kindFromLinkType, toMacvlanMode } from './link-kind';

/** Words that may follow `link/<type>` instead of an address. */
const LINK_LAYER_KEYWORDS = new Set(['brd', 'peer', 'link-netnsid', 'link-netns', 'permaddr', 'promiscuity']);

/**
 * `link/ether 8e:1d:ec:57:6c:34 brd ff:ff:ff:ff:ff:ff link-netnsid 0 [promiscuity ... (with -d)]`.
 * `link-netns NAME` replaces `link-netnsid N` when the peer namespace has a name under /run/netns.
 */
export function applyLinkLayerLine(ctx: LineContext, iface: NetInterface, tokens: readonly Token[]): void {
  const [typeToken] = tokens;
  if (typeToken === undefined) return;
  iface.kind = kindFromLinkType(typeToken.text.slice('link/'.length));
  let i = 1;
  const address = tokens[i];
  if (address !== undefined && !LINK_LAYER_KEYWORDS.has(address.text)) {
    iface.mac = address.text.toLowerCase();
    i += 1;
  }
  for (; i < tokens.length; i += 2) {
    const key = tokens[i] as Token;
    const value = tokens[i + 1];
    if (key.text === 'promiscuity') return; // the rest is `-d` detail the model does not keep
    if (!LINK_LAYER_KEYWORDS.has(key.text)) {
      ctx.error(key.column, `unknown link-layer attribute \`${key.text}\``);
      return;
    }
    if (value === undefined) {
      ctx.error(key.column, `\`${key.text}\` without a value`);
      return;
    }
    if (key.text === 'link-netnsid' && value.text !== 'unknown') {
      const id = parseUnsigned(value.text);
      if (id === undefined) ctx.error(value.column, `invalid link-netnsid \`${value.text}\``);
      else iface.linkNetnsId = id;
    }
  }
}

/** The token following the first `key` of a detail line. */
function valueAfter(tokens: readonly Token[], key: string): Token | undefined {
  const index = tokens.findIndex((token) => token.text === key);
  return index === -1 ? undefined : tokens[index + 1];
}

function readNumber(ctx: LineContext, tokens: readonly Token[], key: string): number | undefined {
  const token = valueAfter(tokens, key);
  if (token === undefined) return undefined;
  const value = parseUnsigned(token.text);
  if (value === undefined) ctx.error(token.column, `invalid ${key} \`${token.text}\``);
  return value;
}

/** `on`/`off` (bridge port switches) or `1`/`0` (bridge switches). */
function readSwitch(ctx: LineContext, tokens: readonly Token[], key: string): boolean | undefined {
  const token = valueAfter(tokens, key);
  if (token === undefined) return undefined;
  switch (token.text) {
    case 'on':
    case '1':
      return true;
    case 'off':
    case '0':
      return false;
    default:
      ctx.error(token.column, `invalid ${key} \`${token.text}\``);
      return undefined;
  }
}

/**
 * The `ip -d` line naming the link kind and its options: `veth`, `bridge forward_delay 1500 ...
 * stp_state 0 ... vlan_filtering 0 ... nf_call_iptables 1 ...`, `macvlan mode bridge ...`,
 * `vlan protocol 802.1Q id 200 <REORDER_HDR> ...`.
 */
export function applyKindLine(ctx: LineContext, iface: NetInterface, tokens: readonly Token[]): void {
  const [kindToken] = tokens;
  if (kindToken === undefined) return;
  iface.kind = kindToken.text;
  if (iface.kind === 'bridge') {
    iface.bridge = {
      stpState: readNumber(ctx, tokens, 'stp_state'),
      vlanFiltering: readSwitch(ctx, tokens, 'vlan_filtering'),
      nfCallIptables: readSwitch(ctx, tokens, 'nf_call_iptables'),
    };
  } else if (hasMacvlanMode(iface.kind)) {
    const mode = valueAfter(tokens, 'mode');
    if (mode !== undefined) {
      iface.macvlanMode = toMacvlanMode(mode.text);
      if (iface.macvlanMode === undefined) ctx.error(mode.column, `unknown macvlan mode \`${mode.text}\``);
    }
  } else if (iface.kind === 'vlan') {
    iface.vlanProtocol = valueAfter(tokens, 'protocol')?.text;
    iface.vlanId = readNumber(ctx, tokens, 'id');
  }
}

/** `bridge_slave state forwarding priority 32 cost 2 hairpin off ... learning on ...`; other `*_slave` lines are skipped. */
export function applySlaveLine(ctx: LineContext, iface: NetInterface, tokens: readonly Token[]): void {
  if (tokens[0]?.text !== 'bridge_slave') return;
  iface.bridgePort = {
    state: valueAfter(tokens, 'state')?.text,
    learning: readSwitch(ctx, tokens, 'learning'),
    hairpin: readSwitch(ctx, tokens, 'hairpin'),
  };
}
