import type { Host, IptablesChain } from '@hookpath/model';

/** Where a rule stands in its chain, found by its `-A CHAIN ...` text. */
export interface RulePlace {
  chain: IptablesChain;
  at: number;
}

/** A host's rules by text and its nat chains by name, for the questions branch pinning and grouping ask. */
export interface RuleIndex {
  place(text: string): RulePlace | undefined;
  natChain(name: string): IptablesChain | undefined;
}

const built = new WeakMap<Host, RuleIndex>();

function buildIndex(host: Host): RuleIndex {
  const places = new Map<string, RulePlace>();
  const nat = new Map<string, IptablesChain>();
  for (const table of host.iptables?.tables ?? []) {
    for (const chain of table.chains) {
      if (table.name === 'nat') nat.set(chain.name, chain);
      chain.rules.forEach((rule, at) => {
        if (!places.has(rule.text)) places.set(rule.text, { chain, at });
      });
    }
  }
  return { place: (text) => places.get(text), natChain: (name) => nat.get(name) };
}

/**
 * The index of a host's iptables rules, built on first use and kept while the host (an immutable
 * model object) lives: a 100,000-rule snapshot is scanned once, not at every choice of every leaf.
 */
export function ruleIndex(host: Host): RuleIndex {
  let index = built.get(host);
  if (index === undefined) {
    index = buildIndex(host);
    built.set(host, index);
  }
  return index;
}
