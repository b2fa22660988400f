import type { RuleMatch } from '@hookpath/model';
import { YES, type CompiledMatch } from '../compiled-types';
import { optionNotModelled, type MatchSite } from './match-support';

/** `-m comment --comment TEXT`: always matches; the text goes into the explanation. */
export function compileCommentMatch(match: RuleMatch, site: MatchSite): CompiledMatch {
  for (const option of match.options) {
    if (option.name !== 'comment') return optionNotModelled(match, option, site);
  }
  return { module: 'comment', test: () => YES, describe: () => '', fixedText: '' };
}

/** The rule's comment, when it has one. */
export function commentOf(matches: readonly RuleMatch[]): string | null {
  for (const match of matches) {
    if (match.module !== 'comment') continue;
    const option = match.options.find((o) => o.name === 'comment');
    if (option !== undefined) return option.values.join(' ');
  }
  return null;
}
