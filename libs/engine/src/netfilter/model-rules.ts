import type { IptablesChain, IptablesRule } from '@hookpath/model';

/** The number of rules of a chain, without reading them when the snapshot reads them on demand. */
export function ruleCountOf(chain: IptablesChain): number {
  return chain.ruleSource?.count ?? chain.rules.length;
}

/** Rule `i` of a chain: read again, and not kept, when the snapshot reads rules on demand. */
export function modelRule(chain: IptablesChain, i: number): IptablesRule {
  return chain.ruleSource?.rule(i) ?? (chain.rules[i] as IptablesRule);
}
