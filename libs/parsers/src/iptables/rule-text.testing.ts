import type { IptablesRule, RuleOption } from '@hookpath/model';

const SHORT: Readonly<Record<string, string>> = {
  source: '-s',
  destination: '-d',
  'in-interface': '-i',
  'out-interface': '-o',
  protocol: '-p',
  fragment: '-f',
};

/** The string options iptables prints through `xtables_save_string`, quoting them when needed. */
const STRING_OPTIONS = new Set(['comment', 'log-prefix', 'nflog-prefix']);
const NO_QUOTE = /^[A-Za-z0-9_-]+$/;

function value(option: RuleOption, v: string): string {
  if (!STRING_OPTIONS.has(option.name) || NO_QUOTE.test(v)) return v;
  return `"${v.replace(/["\\']/g, (c) => `\\${c}`)}"`;
}

function option(o: RuleOption, flag: string): string {
  const bang = o.negated ? '! ' : '';
  const values = o.values.map((v) => ` ${value(o, v)}`).join('');
  return ` ${bang}${flag}${values}`;
}

/**
 * Prints a parsed rule back the way iptables-save prints it (built-in selectors first, then each
 * `-m` with its options, then the target). Test code only: the specs check that this gives back
 * each rule's text, which proves that no token was lost or attached to the wrong match.
 */
export function printRule(chain: string, rule: IptablesRule): string {
  let out = `-A ${chain}`;
  for (const match of rule.matches) {
    if (match.module === 'ip') {
      for (const o of match.options) out += option(o, SHORT[o.name] ?? `--${o.name}`);
      continue;
    }
    out += ` -m ${match.module}`;
    for (const o of match.options) out += option(o, `--${o.name}`);
  }
  if (rule.target !== null) {
    out += ` ${rule.target.kind === 'goto' ? '-g' : '-j'} ${rule.target.name}`;
    for (const o of rule.target.options) out += option(o, `--${o.name}`);
  }
  return out;
}
