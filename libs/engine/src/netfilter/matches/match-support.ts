import type { IptablesTableName, RuleMatch, RuleOption } from '@hookpath/model';
import { UNDECIDED, type CompiledMatch } from '../compiled-types';
import type { CompiledSet } from '../ipset-types';

/** Where a match is compiled, and what it may refer to. */
export interface MatchSite {
  table: IptablesTableName;
  chain: string;
  position: number;
  /** The host's ipsets by name; null when `ipset list` was not captured. */
  sets: ReadonlyMap<string, CompiledSet> | null;
}

export type MatchCompiler = (match: RuleMatch, site: MatchSite) => CompiledMatch;

export const siteText = (site: MatchSite): string => `${site.table}/${site.chain} rule ${site.position}`;

/** A match the engine cannot evaluate: the rule, when reached with every other match true, makes the trace UNKNOWN. */
export function undecidable(module: string, message: string): CompiledMatch {
  return {
    module,
    test(ctx) {
      ctx.undecided = message;
      return UNDECIDED;
    },
    describe: () => '',
  };
}

export const moduleNotModelled = (match: RuleMatch, site: MatchSite): CompiledMatch =>
  undecidable(match.module, `match "-m ${match.module}" in ${siteText(site)} is not modelled`);

export const optionNotModelled = (match: RuleMatch, option: RuleOption, site: MatchSite): CompiledMatch =>
  undecidable(match.module, `option --${option.name} of match "-m ${match.module}" in ${siteText(site)} is not modelled`);

export const badValue = (match: RuleMatch, option: RuleOption, site: MatchSite): CompiledMatch =>
  undecidable(
    match.module,
    `value "${option.values.join(' ')}" of --${option.name} (match "-m ${match.module}") in ${siteText(site)} cannot be read`,
  );

/** The first option not in `known`, as an undecidable match; null when all are known. */
export function unknownOption(match: RuleMatch, known: ReadonlySet<string>, site: MatchSite): CompiledMatch | null {
  for (const option of match.options) {
    if (!known.has(option.name)) return optionNotModelled(match, option, site);
  }
  return null;
}

/** The option as written: `! --dport 80`. */
export function optionText(option: RuleOption, flag = `--${option.name}`): string {
  const values = option.values.length > 0 ? ` ${option.values.join(' ')}` : '';
  return `${option.negated ? '! ' : ''}${flag}${values}`;
}

export const firstValue = (option: RuleOption): string => option.values[0] ?? '';
