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

/** `-A KUBE-SVC-X ...` -> `KUBE-SVC-X`. */
const chainOf = (text: string): string | null => /^-A (\S+)/.exec(text)?.[1] ?? null;

function buildIndex(host: Host): RuleIndex {
  // chains by name (a name may be in several tables); a chain's rules are read, and indexed by
  // text, only when a rule of that chain is asked for: a lazily read ruleset stays mostly unread
  const chains = new Map<string, IptablesChain[]>();
  const nat = new Map<string, IptablesChain>();
  for (const table of host.iptables?.tables ?? []) {
    for (const chain of table.chains) {
      chains.set(chain.name, [...(chains.get(chain.name) ?? []), chain]);
      if (table.name === 'nat') nat.set(chain.name, chain);
    }
  }
  const byText = new Map<IptablesChain, Map<string, number>>();
  const positions = (chain: IptablesChain): Map<string, number> => {
    let index = byText.get(chain);
    if (index === undefined) {
      index = new Map();
      chain.rules.forEach((rule, at) => {
        if (!index?.has(rule.text)) index?.set(rule.text, at);
      });
      byText.set(chain, index);
    }
    return index;
  };
  return {
    place: (text) => {
      const name = chainOf(text);
      for (const chain of name === null ? [] : (chains.get(name) ?? [])) {
        const at = positions(chain).get(text);
        if (at !== undefined) return { chain, at };
      }
      return undefined;
    },
    natChain: (name) => nat.get(name),
  };
}

/**
 * The index of a host's iptables rules, built on first use and kept while the host (an immutable
 * model object) lives: a 100,000-rule snapshot is not scanned at every choice of every leaf, and
 * only the chains a question names are read.
 */
export function ruleIndex(host: Host): RuleIndex {
  let index = built.get(host);
  if (index === undefined) {
    index = buildIndex(host);
    built.set(host, index);
  }
  return index;
}
