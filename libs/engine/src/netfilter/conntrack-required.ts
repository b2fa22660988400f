import type { IptablesRuleset } from '@hookpath/model';
import { modelRule, ruleCountOf } from './model-rules';

const NAT_TARGETS = new Set(['DNAT', 'SNAT', 'MASQUERADE', 'REDIRECT', 'NETMAP']);
const CT_TARGETS = new Set(['CONNMARK', 'CT', 'NOTRACK']);
const CT_MATCHES = new Set(['conntrack', 'state', 'connmark', 'connbytes', 'connlimit', 'helper']);

/**
 * Conntrack runs in a network namespace only once something needs it: a NAT target or a rule that
 * looks at connection state. Empty nat chains alone do not switch it on (shared/oracle fact 3).
 */
export function conntrackRequired(ruleset: IptablesRuleset | null): boolean {
  if (ruleset === null) return false;
  for (const table of ruleset.tables) {
    for (const chain of table.chains) {
      // one rule at a time: a ruleset read on demand is not read whole for this
      for (let i = 0, n = ruleCountOf(chain); i < n; i++) {
        const rule = modelRule(chain, i);
        const target = rule.target?.name;
        if (target !== undefined && (NAT_TARGETS.has(target) || CT_TARGETS.has(target))) return true;
        if (rule.matches.some((m) => CT_MATCHES.has(m.module))) return true;
      }
    }
  }
  return false;
}
