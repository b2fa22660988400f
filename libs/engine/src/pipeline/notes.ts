import type { CompiledHost } from '../walk/compiled';

/** What the snapshot does not say about a host, said once where the packet meets the host. */
export function hostNotes(node: CompiledHost): string {
  const notes: string[] = [];
  if (node.host.iptables === null) notes.push(`no iptables captured for ${node.host.name}: no rules apply`);
  else if (!node.conntrackActive) notes.push('no rule needs conntrack: it is inactive here');
  if (node.fib?.rulesAssumed === true) notes.push('ip-rule not captured: the default rules (local, main, default) are assumed');
  return notes.length === 0 ? '' : ` (${notes.join('; ')})`;
}

export function routesNotCaptured(node: CompiledHost): string {
  return `hosts/${node.host.name}/ip-route.* was not captured`;
}
