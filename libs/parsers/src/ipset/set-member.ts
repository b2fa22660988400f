import type { IpsetElementPart, IpsetMember } from '@hookpath/model';
import { parseUnsigned } from '../ip-common';
import { elementPart } from './element-parts';
import type { IpsetTypeShape } from './element-parts';
import type { IpsetToken } from './ipset-tokens';
import type { Report, SetUnderConstruction } from './set-header';

/**
 * Per-element options that are printed but not modelled: the skbinfo extension values, used by the
 * SET target's `--map-set` to rewrite packet metadata, never by matching.
 */
const SKBINFO_OPTIONS = new Set(['skbmark', 'skbprio', 'skbqueue']);

/**
 * One element with its options, as printed after `add <set>` by `ipset save` and on the lines after
 * `Members:` by `ipset list`: `10.0.0.1,tcp:80 timeout 59 packets 0 bytes 0 comment "web"`.
 */
export function parseMember(tokens: readonly IpsetToken[], target: SetUnderConstruction, report: Report): IpsetMember | undefined {
  const [element, ...options] = tokens;
  if (element === undefined || element.quoted) {
    report(element?.column ?? 1, 'missing element');
    return undefined;
  }
  const parts = elementParts(element, target, report);
  if (parts === undefined) return undefined;
  const member: IpsetMember = { value: element.text, parts, nomatch: false };
  for (let i = 0; i < options.length; i += 1) {
    const option = options[i];
    if (option.text === 'nomatch' && !option.quoted) {
      member.nomatch = true;
      continue;
    }
    const value = options[i + 1];
    const known = !option.quoted && (['timeout', 'packets', 'bytes', 'comment'].includes(option.text) || SKBINFO_OPTIONS.has(option.text));
    if (!known) {
      report(option.column, `unknown element option ${JSON.stringify(option.text)}`);
      continue;
    }
    if (value === undefined) {
      report(option.column + option.text.length, `missing value for ${option.text}`);
      break;
    }
    i += 1;
    if (option.text === 'comment') {
      member.comment = value.text;
      continue;
    }
    if (SKBINFO_OPTIONS.has(option.text)) continue;
    const number = value.quoted ? undefined : parseUnsigned(value.text);
    if (number === undefined) {
      report(value.column, `${option.text} must be a number, got ${JSON.stringify(value.text)}`);
      continue;
    }
    if (option.text === 'timeout') member.timeout = number;
    else if (option.text === 'packets') member.packets = number;
    else member.bytes = number;
  }
  return member;
}

function elementParts(element: IpsetToken, target: SetUnderConstruction, report: Report): IpsetElementPart[] | undefined {
  const { shape, context } = target;
  if (shape === undefined) return [];
  const texts = element.text.split(',');
  if (texts.length !== shape.dimensions.length && !macNotYetSeen(texts, shape)) {
    report(
      element.column,
      `element ${JSON.stringify(element.text)} has ${texts.length} part(s), ${target.set.type} elements have ${shape.dimensions.length}`,
    );
    return undefined;
  }
  const parts: IpsetElementPart[] = [];
  let column = element.column;
  let ok = true;
  texts.forEach((text, index) => {
    const result = elementPart(text, shape.dimensions[index], context);
    if (result.ok) parts.push(result.part);
    else {
      report(column, result.message);
      ok = false;
    }
    column += text.length + 1;
  });
  return ok ? parts : undefined;
}

/**
 * A bitmap:ip,mac entry added without a MAC (`ipset add x 10.0.0.5`) is listed as the bare address
 * until a packet from it fills the MAC in: its parts are the address alone, and it matches any MAC.
 */
function macNotYetSeen(texts: readonly string[], shape: IpsetTypeShape): boolean {
  return shape.method === 'bitmap' && texts.length === 1 && shape.dimensions.join(',') === 'ip,mac';
}
