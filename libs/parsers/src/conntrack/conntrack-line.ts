import type { ConntrackEntry, ConntrackTuple } from '@hookpath/model';
import { isIpAddress, parseUnsigned } from '../ip-common';
import type { CtToken } from './conntrack-tokens';
import { ICMP_PROTOCOLS, L3_FAMILIES, protocolNumberMatches } from './protocols';

export type Report = (column: number, message: string) => void;

export type ParsedEntry = Omit<ConntrackEntry, 'text' | 'line'>;

interface TupleDraft {
  src?: string;
  dst?: string;
  sport?: number;
  dport?: number;
  type?: number;
  code?: number;
  id?: number;
  packets?: number;
  bytes?: number;
  zone?: number;
}

/** Where the next `key=value` belongs: the original tuple, the reply tuple, or the entry itself. */
type Phase = 'original' | 'reply' | 'entry';

/** Per-tuple keys the model keeps, with their upper bounds. */
const TUPLE_NUMBERS: Record<string, number> = {
  sport: 65535,
  dport: 65535,
  type: 255,
  code: 255,
  id: 65535,
  packets: Number.MAX_SAFE_INTEGER,
  bytes: Number.MAX_SAFE_INTEGER,
};

/** Per-tuple keys printed but not modelled: GRE keys. */
const TUPLE_IGNORED = new Set(['srckey', 'dstkey']);

/** A direction's own zone (`CT --zone-orig` / `--zone-reply`), printed inside its tuple. */
const TUPLE_ZONES: Readonly<Record<string, 'original' | 'reply'>> = { 'zone-orig': 'original', 'zone-reply': 'reply' };

/** Entry keys printed but not modelled: secmark, timestamps (nf_conntrack_timestamp), helper, labels. */
const ENTRY_IGNORED = new Set(['secmark', 'delta-time', 'helper', 'labels']);

const ENTRY_NUMBERS = new Set(['mark', 'zone', 'use', 'id']);

/**
 * One line of `conntrack -L` (libnetfilter_conntrack's default format), with or without the
 * `-o extended` layer-3 prefix: `[ipv4 2] tcp 6 431999 ESTABLISHED src= dst= sport= dport=
 * [packets= bytes=] [UNREPLIED] src= dst= sport= dport= [packets= bytes=] [ASSURED] mark= [zone=] use= [id=]`.
 */
export function parseConntrackTokens(tokens: readonly CtToken[], report: Report): ParsedEntry | undefined {
  let i = 0;
  let family: ParsedEntry['family'] | undefined;
  const l3 =
    tokens[0] !== undefined && Object.prototype.hasOwnProperty.call(L3_FAMILIES, tokens[0].text) ? L3_FAMILIES[tokens[0].text] : undefined;
  if (l3 !== undefined) {
    const number = tokens[1];
    if (number === undefined || parseUnsigned(number.text) !== l3.number) {
      report(number?.column ?? tokens[0].column, `expected ${l3.number} after ${tokens[0].text}`);
      return undefined;
    }
    family = l3.family;
    i = 2;
  }
  const protoToken = tokens[i];
  const protoNumToken = tokens[i + 1];
  if (protoToken === undefined || !/^[a-z][a-z0-9]*$/.test(protoToken.text)) {
    report(protoToken?.column ?? 1, 'expected a protocol name (tcp, udp, icmp, ...)');
    return undefined;
  }
  const protoNum = protoNumToken === undefined ? undefined : parseUnsigned(protoNumToken.text);
  if (protoNumToken === undefined || protoNum === undefined || protoNum > 255 || !protocolNumberMatches(protoToken.text, protoNum)) {
    report(protoNumToken?.column ?? protoToken.column + protoToken.text.length, `expected the protocol number of ${protoToken.text}`);
    return undefined;
  }
  i += 2;
  const protocol = protoToken.text;
  const entry: ParsedEntry = {
    family: family ?? 'ipv4',
    protocol,
    protoNum,
    original: { src: '', dst: '' },
    reply: { src: '', dst: '' },
    unreplied: false,
    assured: false,
  };
  const timeout = tokens[i] === undefined ? undefined : parseUnsigned(tokens[i].text);
  if (timeout !== undefined) {
    entry.timeout = timeout;
    i += 1;
  }
  if (tokens[i] !== undefined && /^[A-Z][A-Z0-9_]*$/.test(tokens[i].text)) {
    entry.state = tokens[i].text;
    i += 1;
  }

  const drafts: Record<'original' | 'reply', TupleDraft> = { original: {}, reply: {} };
  let phase: Phase = 'original';
  let ok = true;
  // One problem per line: what follows a bad token is usually a consequence of it.
  const bad = (column: number, message: string) => {
    if (ok) report(column, message);
    ok = false;
  };

  for (const token of tokens.slice(i)) {
    if (token.text.startsWith('[') && token.text.endsWith(']')) {
      const flag = token.text.slice(1, -1);
      if (flag === 'UNREPLIED') {
        if (phase !== 'original' || drafts.original.src === undefined) bad(token.column, '[UNREPLIED] belongs between the two tuples');
        entry.unreplied = true;
      } else if (flag === 'ASSURED' || flag === 'OFFLOAD' || flag === 'HW_OFFLOAD') {
        // The flow table only takes connections that have seen traffic both ways, and
        // libnetfilter_conntrack prints [OFFLOAD]/[HW_OFFLOAD] in place of [ASSURED].
        if (phase === 'original') bad(token.column, `${token.text} belongs after the reply tuple`);
        phase = 'entry';
        entry.assured = true;
      } else if (!/^(start|stop)=/.test(flag)) {
        bad(token.column, `unknown flag ${token.text}`);
      }
      continue;
    }
    const eq = token.text.indexOf('=');
    if (eq <= 0) {
      bad(token.column, `unexpected ${JSON.stringify(token.text)}`);
      continue;
    }
    const key = token.text.slice(0, eq);
    const value = token.text.slice(eq + 1);
    const valueColumn = token.column + eq + 1;
    if (key === 'src' && phase === 'original' && drafts.original.src !== undefined) phase = 'reply';
    const icmpId = key === 'id' && ICMP_PROTOCOLS.has(protocol) && phase !== 'entry' && drafts[phase].id === undefined;
    const zoneOf = Object.prototype.hasOwnProperty.call(TUPLE_ZONES, key) ? TUPLE_ZONES[key] : undefined;
    const isTupleKey =
      key === 'src' ||
      key === 'dst' ||
      zoneOf !== undefined ||
      TUPLE_IGNORED.has(key) ||
      (Object.prototype.hasOwnProperty.call(TUPLE_NUMBERS, key) && (key !== 'id' || icmpId));
    if (isTupleKey) {
      if (phase === 'entry') {
        bad(token.column, `${key}= after the entry fields`);
        continue;
      }
      const draft = drafts[phase];
      if (zoneOf !== undefined) {
        const number = parseUnsigned(value);
        if (zoneOf !== phase) bad(token.column, `${key}= in the ${phase} tuple`);
        else if (number === undefined || number > 65535) bad(valueColumn, `invalid ${key} ${JSON.stringify(value)}`);
        else draft.zone = number;
      } else if (key === 'src' || key === 'dst') {
        if (draft[key] !== undefined) bad(token.column, `second ${key}= in the ${phase} tuple`);
        else if (!isIpAddress(value)) bad(valueColumn, `invalid address ${JSON.stringify(value)}`);
        else draft[key] = value;
      } else if (!TUPLE_IGNORED.has(key)) {
        const number = parseUnsigned(value);
        const numberKey = key as keyof typeof TUPLE_NUMBERS & keyof TupleDraft;
        if (number === undefined || number > TUPLE_NUMBERS[numberKey]) bad(valueColumn, `invalid ${key} ${JSON.stringify(value)}`);
        else (draft as Record<string, number>)[numberKey] = number;
      }
      continue;
    }
    if (ENTRY_NUMBERS.has(key) || ENTRY_IGNORED.has(key) || key === 'secctx') {
      if (phase === 'original') {
        bad(token.column, `${key}= before the reply tuple`);
        continue;
      }
      phase = 'entry';
      if (key === 'secctx') entry.secctx = value;
      else if (ENTRY_NUMBERS.has(key)) {
        const number = parseUnsigned(value);
        if (number === undefined) bad(valueColumn, `invalid ${key} ${JSON.stringify(value)}`);
        else entry[key as 'mark' | 'zone' | 'use' | 'id'] = number;
      }
      continue;
    }
    bad(token.column, `unknown field ${JSON.stringify(key)}`);
  }

  const endColumn = tokens.length === 0 ? 1 : tokens[tokens.length - 1].column + tokens[tokens.length - 1].text.length;
  for (const direction of ['original', 'reply'] as const) {
    const tuple = finishTuple(drafts[direction]);
    if (tuple === undefined) {
      bad(endColumn, `the ${direction} tuple lacks src= and dst=`);
      continue;
    }
    entry[direction] = tuple;
  }
  if (family === undefined && entry.original.src.includes(':')) entry.family = 'ipv6';
  return ok ? entry : undefined;
}

function finishTuple(draft: TupleDraft): ConntrackTuple | undefined {
  if (draft.src === undefined || draft.dst === undefined) return undefined;
  const tuple: ConntrackTuple = { src: draft.src, dst: draft.dst };
  if (draft.sport !== undefined) tuple.sport = draft.sport;
  if (draft.dport !== undefined) tuple.dport = draft.dport;
  if (draft.type !== undefined) tuple.type = draft.type;
  if (draft.code !== undefined) tuple.code = draft.code;
  if (draft.id !== undefined) tuple.id = draft.id;
  if (draft.packets !== undefined) tuple.packets = draft.packets;
  if (draft.bytes !== undefined) tuple.bytes = draft.bytes;
  if (draft.zone !== undefined) tuple.zone = draft.zone;
  return tuple;
}
