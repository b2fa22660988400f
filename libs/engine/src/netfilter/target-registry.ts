import type { RuleTarget } from '@hookpath/model';
import type { CompiledChain, CompiledTarget, TargetEffect } from './compiled-types';
import { connmarkTarget } from './targets/connmark';
import { markTarget } from './targets/mark';
import { dnatSnatTarget, masqueradeTarget, netmapTarget, redirectTarget } from './targets/nat';
import { ctTarget, notrackTarget } from './targets/notrack';
import { isPassiveTarget, logTarget, passiveTarget } from './targets/passive';
import { targetNotModelled, targetSiteText, unknownTarget, type TargetCompiler, type TargetSite } from './targets/target-support';
import { tproxyTarget } from './targets/tproxy';
import { acceptTarget, dropTarget, noTarget, rejectTarget, returnTarget } from './targets/verdicts';

const EXTENSIONS: ReadonlyMap<string, TargetCompiler> = new Map<string, TargetCompiler>([
  ['REJECT', rejectTarget],
  ['DNAT', dnatSnatTarget],
  ['SNAT', dnatSnatTarget],
  ['MASQUERADE', masqueradeTarget],
  ['REDIRECT', redirectTarget],
  ['NETMAP', netmapTarget],
  ['MARK', markTarget],
  ['CONNMARK', connmarkTarget],
  ['TPROXY', tproxyTarget],
  ['CT', ctTarget],
  ['NOTRACK', notrackTarget],
  ['LOG', logTarget],
  ['NFLOG', logTarget],
  ['ULOG', logTarget],
]);

/** A jump (`-j CHAIN`, returns here) or goto (`-g CHAIN`, returns to this chain's caller). */
function chainTarget(target: RuleTarget, chain: CompiledChain): CompiledTarget {
  const effect: TargetEffect =
    target.kind === 'goto'
      ? { action: 'goto', verdict: 'GOTO', text: `go to ${chain.name}`, chain }
      : { action: 'jump', verdict: 'JUMP', text: `jump to ${chain.name}`, chain };
  return { name: target.name, apply: () => effect };
}

/**
 * The rule's target. Names resolve as iptables resolves them: the standard verdicts first, then a
 * chain of the same table, then the target extensions.
 */
export function compileTarget(target: RuleTarget | null, site: TargetSite, chains: ReadonlyMap<string, CompiledChain>): CompiledTarget {
  if (target === null) return noTarget();
  const standard = target.kind === 'jump' ? standardVerdict(target.name) : null;
  if (standard !== null) return standard;
  const chain = chains.get(target.name);
  if (chain !== undefined) {
    if (chain.builtin)
      return unknownTarget(target.name, `${targetSiteText(site)} jumps to built-in chain ${target.name}, which iptables does not allow`);
    return chainTarget(target, chain);
  }
  if (target.kind === 'goto')
    return unknownTarget(target.name, `${targetSiteText(site)} goes to chain ${target.name}, which table ${site.table} does not have`);
  const compiler = EXTENSIONS.get(target.name);
  if (compiler !== undefined) return compiler(target, site);
  if (isPassiveTarget(target)) return passiveTarget(target);
  return targetNotModelled(target, site);
}

function standardVerdict(name: string): CompiledTarget | null {
  switch (name) {
    case 'ACCEPT':
      return acceptTarget();
    case 'DROP':
      return dropTarget();
    case 'RETURN':
      return returnTarget();
    default:
      return null;
  }
}
