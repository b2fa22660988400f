import type { IptablesChain, IptablesRule } from '@hookpath/model';

/** The number of rules of a chain, without reading them when the snapshot reads them on demand. */
export function ruleCountOf(chain: IptablesChain): number {
  return chain.ruleSource?.count ?? chain.rules.length;
}

/**
 * Every rule of a chain as written, unparsed, when the snapshot reads rules on demand; null when its
 * rules are held parsed (reading them costs nothing then).
 */
export function ruleTextsOf(chain: IptablesChain): string[] | null {
  const source = chain.ruleSource;
  if (source?.ruleText === undefined) return null;
  const texts = new Array<string>(source.count);
  for (let i = 0; i < source.count; i++) texts[i] = source.ruleText(i);
  return texts;
}

/** Rule `i` of a chain: read again, and not kept, when the snapshot reads rules on demand. */
export function modelRule(chain: IptablesChain, i: number): IptablesRule {
  return chain.ruleSource?.rule(i) ?? (chain.rules[i] as IptablesRule);
}
