import type { RuleMatch } from '@hookpath/model';
import { NO, YES, type CompiledMatch } from '../compiled-types';
import { interfaceMatcher } from '../option-values';
import { optionNotModelled, optionText, type MatchSite } from './match-support';

interface Flag {
  given: boolean;
  negated: boolean;
}

const absent: Flag = { given: false, negated: false };

/**
 * `-m physdev` (xt_physdev.c) on the bridge ports of `TableInput.physdev`. A packet that did not
 * go through a bridge matches only when every option given is negated. A bridged one: `--physdev-
 * is-bridged` means it leaves through a bridge port; `--physdev-is-in/out` that the port is known;
 * `--physdev-in` is compared only when the in port is known, `--physdev-out` fails without an out
 * port.
 */
export function compilePhysdevMatch(match: RuleMatch, site: MatchSite): CompiledMatch {
  let bridged = absent;
  let isIn = absent;
  let isOut = absent;
  let inName: { matches: (name: string | null) => boolean; negated: boolean } | null = null;
  let outName: { matches: (name: string | null) => boolean; negated: boolean } | null = null;
  for (const option of match.options) {
    const flag = { given: true, negated: option.negated };
    switch (option.name) {
      case 'physdev-is-bridged':
        bridged = flag;
        break;
      case 'physdev-is-in':
        isIn = flag;
        break;
      case 'physdev-is-out':
        isOut = flag;
        break;
      case 'physdev-in':
        inName = { matches: interfaceMatcher(option.values[0] ?? ''), negated: option.negated };
        break;
      case 'physdev-out':
        outName = { matches: interfaceMatcher(option.values[0] ?? ''), negated: option.negated };
        break;
      default:
        return optionNotModelled(match, option, site);
    }
  }
  const text = match.options.map((o) => optionText(o)).join(', ');
  const allNegated = match.options.every((o) => o.negated);
  const nameIn = inName;
  const nameOut = outName;
  return {
    module: 'physdev',
    test(ctx) {
      const ports = ctx.input.physdev;
      if (ports === undefined || !ports.bridged) return allNegated ? YES : NO;
      const outdev = ports.out;
      const indev = ports.in;
      if (bridged.given && (outdev !== null) === bridged.negated) return NO;
      if (isIn.given && (indev !== null) === isIn.negated) return NO;
      if (isOut.given && (outdev !== null) === isOut.negated) return NO;
      if (nameIn !== null && indev !== null && nameIn.matches(indev) === nameIn.negated) return NO;
      if (nameOut !== null) {
        if (outdev === null) return NO;
        if (nameOut.matches(outdev) === nameOut.negated) return NO;
      }
      return YES;
    },
    describe(ctx) {
      const ports = ctx.input.physdev;
      const where = ports === undefined || !ports.bridged ? 'not bridged' : `bridge ports in ${ports.in ?? '-'}, out ${ports.out ?? '-'}`;
      return `${text} (${where})`;
    },
  };
}
