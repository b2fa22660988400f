import type { IpRule } from '@hookpath/model';
import { LineContext, TokenCursor, canonicalTable, isPrefix, parseUnsigned, parseUnsignedAnyBase, toCidr } from '../ip-common';
import type { Token } from '../ip-common';
import { FULL_FWMASK, emptyRule } from './rule-shape';

/** Attributes printed with one value that the model does not keep. */
const IGNORED_VALUE_KEYS = new Set(['realms', 'proto', 'tun_id', 'dscp', 'flowlabel']);

/** `from`/`to` value: `all`, a prefix (host prefixes are printed without `/32`), or `0/N`. */
function selectorPrefix(ctx: LineContext, token: Token): string | undefined {
  if (token.text === 'all') return 'all';
  if (isPrefix(token.text) || /^0\/\d+$/.test(token.text)) return toCidr(token.text);
  ctx.error(token.column, `invalid prefix \`${token.text}\``);
  return undefined;
}

/** `fwmark 0x4000/0x4000` or `fwmark 0x2a` (the mask is then all ones). */
function readFwmark(ctx: LineContext, token: Token, rule: IpRule): boolean {
  const [markText = '', maskText] = token.text.split('/');
  const mark = parseUnsignedAnyBase(markText);
  const mask = maskText === undefined ? FULL_FWMASK : parseUnsignedAnyBase(maskText);
  if (mark === undefined || mask === undefined) {
    ctx.error(token.column, `invalid fwmark \`${token.text}\``);
    return false;
  }
  rule.fwmark = mark;
  rule.fwmask = mask;
  return true;
}

/**
 * One line of `ip rule show`:
 * `PRIO:\t[not ]from SRC [to DST] [tos T] [fwmark M[/K]] [iif DEV [detached]] [oif DEV [detached]]
 * [lookup [l3mdev-table]] [uidrange A-B] [ipproto P] [sport S] [dport D] [lookup TABLE
 * [suppress_prefixlength N] [suppress_ifgroup G]] [realms R] [goto N [unresolved] | nop | ACTION] [proto P]`.
 * Returns null when the line has an error.
 */
export function parseRuleLine(ctx: LineContext, tokens: readonly Token[]): IpRule | null {
  const cursor = new TokenCursor(tokens);
  const head = cursor.next() as Token;
  const priority = /^\d+:$/.test(head.text) ? Number(head.text.slice(0, -1)) : undefined;
  if (priority === undefined) {
    ctx.error(head.column, `expected the rule priority followed by \`:\`, got \`${head.text}\``);
    return null;
  }
  const rule = emptyRule(priority);
  while (!cursor.done) {
    const key = cursor.next() as Token;
    if (!readRuleWord(ctx, cursor, key, rule)) return null;
  }
  return rule;
}

function readRuleWord(ctx: LineContext, cursor: TokenCursor, key: Token, rule: IpRule): boolean {
  switch (key.text) {
    case 'not':
      rule.not = true;
      return true;
    case '[detached]':
      rule.detached = true;
      return true;
    case '[unresolved]':
      return true;
    case 'nop':
      rule.action = 'nop';
      return true;
    case 'blackhole':
    case 'unreachable':
    case 'prohibit':
      rule.action = key.text;
      return true;
    default:
      break;
  }
  const value = cursor.next();
  if (value === undefined) {
    ctx.error(key.column, `\`${key.text}\` without a value`);
    return false;
  }
  return readRuleValue(ctx, key, value, rule);
}

function readRuleValue(ctx: LineContext, key: Token, value: Token, rule: IpRule): boolean {
  switch (key.text) {
    case 'from':
    case 'to': {
      const prefix = selectorPrefix(ctx, value);
      if (prefix === undefined) return false;
      rule[key.text] = prefix;
      return true;
    }
    case 'fwmark':
      return readFwmark(ctx, value, rule);
    case 'iif':
    case 'oif':
    case 'tos':
    case 'ipproto':
    case 'sport':
    case 'dport':
    case 'uidrange':
      rule[key.text] = value.text;
      return true;
    case 'lookup':
      // An l3mdev rule looks up the table of the VRF device the packet belongs to.
      if (value.text === '[l3mdev-table]') rule.l3mdev = true;
      else rule.table = canonicalTable(value.text);
      return true;
    case 'suppress_prefixlength':
    case 'goto': {
      const number = parseUnsigned(value.text);
      if (key.text === 'goto') rule.action = 'goto';
      if (key.text === 'goto' && value.text === 'none') return true;
      if (number === undefined) {
        ctx.error(value.column, `invalid ${key.text} \`${value.text}\``);
        return false;
      }
      if (key.text === 'goto') rule.gotoPriority = number;
      else rule.suppressPrefixLength = number;
      return true;
    }
    case 'suppress_ifgroup':
      rule.suppressIfgroup = value.text;
      return true;
    default:
      if (IGNORED_VALUE_KEYS.has(key.text)) return true;
      ctx.error(key.column, `unknown rule attribute \`${key.text}\``);
      return false;
  }
}
