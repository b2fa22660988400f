import type { IpRule } from '@hookpath/model';
import { canonicalTable, cidrFromParts, parseUnsignedAnyBase } from '../ip-common';
import type { JsonFields } from '../ip-common';
import { FULL_FWMASK, emptyRule } from './rule-shape';

/** `sport`/`dport`: a single port, or `*_start`/`*_end` for a range, as text prints `1000-2000`. */
function portRange(fields: JsonFields, key: 'sport' | 'dport'): string | undefined {
  const single = fields.number(key);
  if (single !== undefined) return String(single);
  const start = fields.number(`${key}_start`);
  const end = fields.number(`${key}_end`);
  return start === undefined || end === undefined ? undefined : `${start}-${end}`;
}

/** `fwmark`/`fwmask` are printed as hex strings (`"0x4000"`). */
function hexField(fields: JsonFields, key: string): number | undefined {
  const text = fields.text(key);
  if (text === undefined) return undefined;
  const value = parseUnsignedAnyBase(text);
  if (value === undefined) fields.invalid(key, `not a number: ${JSON.stringify(text)}`);
  return value;
}

/**
 * One element of `ip -j rule show`. Switches without a value are printed as `null` (`"not": null`,
 * `"l3mdev": null`, `"nop": null`, `"iif_detached": null`): their presence is what counts.
 */
export function ruleFromJson(fields: JsonFields): IpRule {
  const rule = emptyRule(fields.number('priority') ?? 0);
  rule.not = fields.has('not');
  rule.from = cidrFromParts(fields.string('src') ?? 'all', fields.number('srclen'));
  const dst = fields.string('dst');
  if (dst !== undefined) rule.to = cidrFromParts(dst, fields.number('dstlen'));
  rule.iif = fields.string('iif');
  rule.oif = fields.string('oif');
  const fwmark = hexField(fields, 'fwmark');
  if (fwmark !== undefined) {
    rule.fwmark = fwmark;
    rule.fwmask = hexField(fields, 'fwmask') ?? FULL_FWMASK;
  }
  rule.tos = fields.text('tos');
  rule.ipproto = fields.text('ipproto');
  rule.sport = portRange(fields, 'sport');
  rule.dport = portRange(fields, 'dport');
  const uidStart = fields.number('uid_start');
  const uidEnd = fields.number('uid_end');
  if (uidStart !== undefined && uidEnd !== undefined) rule.uidrange = `${uidStart}-${uidEnd}`;
  rule.l3mdev = fields.has('l3mdev');
  const table = fields.text('table');
  if (table !== undefined) rule.table = canonicalTable(table);
  rule.suppressPrefixLength = fields.number('suppress_prefixlen');
  rule.suppressIfgroup = fields.text('suppress_ifgroup');
  rule.detached = fields.has('iif_detached') || fields.has('oif_detached');
  applyAction(fields, rule);
  return rule;
}

function applyAction(fields: JsonFields, rule: IpRule): void {
  if (fields.has('goto')) {
    // `"goto": "none"` when the rule has no target priority.
    rule.action = 'goto';
    const target = fields.text('goto');
    if (target !== undefined && target !== 'none') rule.gotoPriority = parseUnsignedAnyBase(target);
    if (target !== undefined && target !== 'none' && rule.gotoPriority === undefined)
      fields.invalid('goto', `not a priority: ${JSON.stringify(target)}`);
    return;
  }
  if (fields.has('nop')) {
    rule.action = 'nop';
    return;
  }
  const action = fields.string('action');
  if (action === undefined) return;
  switch (action) {
    case 'blackhole':
    case 'unreachable':
    case 'prohibit':
      rule.action = action;
      return;
    default:
      fields.invalid('action', `unknown rule action ${JSON.stringify(action)}`);
  }
}
