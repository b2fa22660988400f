import type { Ipset } from '@hookpath/model';
import { parseUnsigned } from '../ip-common';
import { ipsetTypeShape, type ElementContext, type IpsetTypeShape } from './element-parts';
import type { IpsetToken } from './ipset-tokens';

/** Header (create) options printed without a value. */
const FLAG_OPTIONS = new Set(['counters', 'comment', 'skbinfo', 'forceadd']);

/** Header (create) options printed with a value. */
const VALUE_OPTIONS = new Set([
  'family',
  'hashsize',
  'maxelem',
  'bucketsize',
  'initval',
  'timeout',
  'netmask',
  'bitmask',
  'markmask',
  'range',
  'size',
]);

export type Report = (column: number, message: string) => void;

/** A set being built, with what its members need to be read. */
export interface SetUnderConstruction {
  set: Ipset;
  shape: IpsetTypeShape | undefined;
  context: ElementContext;
}

/**
 * Builds a set from its name, type and header options (`family inet hashsize 1024 ...`), as printed
 * on `create` lines of `ipset save` and `Header:` lines of `ipset list`.
 */
export function buildSet(
  name: string,
  type: IpsetToken,
  options: readonly IpsetToken[],
  line: number,
  reportType: Report,
  report: Report,
): SetUnderConstruction {
  const set: Ipset = { name, type: type.text, options: {}, members: [], line };
  const shape = ipsetTypeShape(type.text);
  if (shape === undefined) reportType(type.column, `unknown set type ${JSON.stringify(type.text)}`);
  const context: ElementContext = { method: shape?.method ?? 'hash' };
  for (let i = 0; i < options.length; i += 1) {
    const token = options[i];
    if (FLAG_OPTIONS.has(token.text)) {
      set.options[token.text] = true;
      continue;
    }
    if (!VALUE_OPTIONS.has(token.text)) {
      report(token.column, `unknown set option ${JSON.stringify(token.text)}`);
      continue;
    }
    const value = options[i + 1];
    if (value === undefined) {
      report(token.column + token.text.length, `missing value for ${token.text}`);
      break;
    }
    i += 1;
    if (token.text === 'family') {
      if (value.text === 'inet' || value.text === 'inet6') set.family = value.text;
      else report(value.column, `unknown family ${JSON.stringify(value.text)}`);
      continue;
    }
    if (token.text === 'netmask') {
      const length = parseUnsigned(value.text);
      if (length === undefined || length > 128) report(value.column, `invalid netmask ${JSON.stringify(value.text)}`);
      else context.netmask = length;
    }
    set.options[token.text] = value.text;
  }
  return { set, shape, context };
}
