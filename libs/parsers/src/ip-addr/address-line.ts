import type { AddressFamily, InterfaceAddress, NetInterface } from '@hookpath/model';
import { LineContext, familyOf, isIpAddress, parseUnsigned } from '../ip-common';
import type { Token } from '../ip-common';
import { ADDRESS_FLAGS, unnamedFlags } from './address-flags';

/** Keys of an address line that take one value, before `scope`. */
const VALUE_KEYS = new Set(['brd', 'any', 'metric']);

/**
 * Handles the address lines of one interface block of `ip addr show`:
 * `inet 10.0.0.1 peer 10.0.0.2/32 [metric N] [brd B] [any A] scope S [flags...] [label]` and the
 * `valid_lft ... preferred_lft ...` line after it. Returns false for any other line.
 */
export function handleAddressLine(ctx: LineContext, iface: NetInterface, tokens: Token[]): boolean {
  const first = tokens[0]?.text;
  if (first === 'valid_lft') return true;
  if (first !== 'inet' && first !== 'inet6') return false;
  const address = parseAddressTokens(ctx, first, tokens);
  if (address !== null) iface.addresses.push(address);
  return true;
}

/** `10.0.0.1/24` -> [`10.0.0.1`, 24]; the length is undefined when missing or not a number. */
function splitPrefix(text: string): [string, number | undefined] {
  const slash = text.lastIndexOf('/');
  if (slash === -1) return [text, undefined];
  return [text.slice(0, slash), parseUnsigned(text.slice(slash + 1))];
}

function parseAddressTokens(ctx: LineContext, family: AddressFamily, tokens: Token[]): InterfaceAddress | null {
  const local = tokens[1];
  if (local === undefined) {
    ctx.error(ctx.text.length + 1, 'address line without an address');
    return null;
  }
  // A point-to-point address prints `LOCAL peer PEER/LEN`; the length then follows the peer.
  const hasPeer = tokens[2]?.text === 'peer';
  const prefixToken = hasPeer ? tokens[3] : local;
  if (prefixToken === undefined) {
    ctx.error((tokens[2] as Token).column, '`peer` without an address');
    return null;
  }
  const [prefixAddress, prefixLen] = splitPrefix(prefixToken.text);
  const address = hasPeer ? local.text : prefixAddress;
  if (!isIpAddress(address) || familyOf(address) !== family) {
    ctx.error(local.column, `invalid ${family} address \`${local.text}\``);
    return null;
  }
  if (hasPeer && !isIpAddress(prefixAddress)) {
    ctx.error(prefixToken.column, `invalid peer address \`${prefixToken.text}\``);
    return null;
  }
  if (prefixLen === undefined || prefixLen > (family === 'inet6' ? 128 : 32)) {
    ctx.error(prefixToken.column, `expected \`address/prefix-length\`, got \`${prefixToken.text}\``);
    return null;
  }
  let i = hasPeer ? 4 : 2;
  const result: InterfaceAddress = { family, address, prefixLen, scope: '', secondary: false, flags: [] };
  if (hasPeer) result.peer = prefixAddress;
  for (; i < tokens.length; i += 1) {
    const key = tokens[i] as Token;
    if (key.text === 'scope') break;
    const value = tokens[i + 1];
    if (!VALUE_KEYS.has(key.text) || value === undefined) {
      ctx.error(key.column, VALUE_KEYS.has(key.text) ? `\`${key.text}\` without a value` : `unexpected \`${key.text}\` before \`scope\``);
      return null;
    }
    if (key.text === 'brd') result.broadcast = value.text;
    i += 1;
  }
  const scope = tokens[i + 1];
  if (tokens[i] === undefined || scope === undefined) {
    ctx.error(tokens[i]?.column ?? ctx.text.length + 1, 'address line without `scope`');
    return null;
  }
  result.scope = scope.text;
  return readFlagsAndLabel(ctx, result, tokens.slice(i + 2));
}

/** After `scope`: flag words, `flags XX` for unnamed bits, then the label (IPv4 only, the last word). */
function readFlagsAndLabel(ctx: LineContext, address: InterfaceAddress, tokens: Token[]): InterfaceAddress | null {
  for (let i = 0; i < tokens.length; i += 1) {
    const token = tokens[i] as Token;
    if (token.text === 'secondary') {
      address.secondary = true;
    } else if (ADDRESS_FLAGS.has(token.text)) {
      address.flags.push(token.text);
    } else if (token.text === 'flags' && tokens[i + 1] !== undefined && /^[0-9a-f]+$/.test((tokens[i + 1] as Token).text)) {
      address.flags.push(unnamedFlags((tokens[i + 1] as Token).text));
      i += 1;
    } else if (i === tokens.length - 1) {
      address.label = token.text;
    } else {
      ctx.error(token.column, `unknown address flag \`${token.text}\``);
      return null;
    }
  }
  return address;
}
