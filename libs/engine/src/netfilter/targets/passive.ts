import type { RuleTarget } from '@hookpath/model';
import type { CompiledTarget, TargetEffect } from '../compiled-types';
import { fixedTarget, optionValue } from './target-support';

/** LOG / NFLOG / ULOG: the packet is logged and goes on. */
export function logTarget(target: RuleTarget): CompiledTarget {
  const prefix = optionValue(target, 'log-prefix') ?? optionValue(target, 'nflog-prefix');
  const group = optionValue(target, 'nflog-group');
  const details = [prefix !== undefined ? `prefix "${prefix}"` : '', group !== undefined ? `group ${group}` : '']
    .filter((w) => w !== '')
    .join(', ');
  return fixedTarget(target.name, {
    action: 'continue',
    verdict: 'LOG',
    text: `${target.name}${details !== '' ? ` (${details})` : ''}: logged, continue`,
  });
}

/**
 * Targets that leave the packet's path alone and let the walk go on: TRACE, TCPMSS (the MSS
 * option), CHECKSUM, CLASSIFY (the qdisc class), AUDIT, and SET with --add-set/--del-set (later
 * packets may see the set changed; this one does not).
 */
const PASSIVE: Readonly<Record<string, string>> = {
  TRACE: 'packet tracing switched on',
  TCPMSS: 'TCP MSS option adjusted',
  CHECKSUM: 'checksum filled in',
  CLASSIFY: 'traffic-control class set',
  AUDIT: 'audit record written',
  SET: 'ipset updated for later packets',
};

export function isPassiveTarget(target: RuleTarget): boolean {
  if (target.name === 'SET') return !target.options.some((o) => o.name === 'map-set');
  return Object.prototype.hasOwnProperty.call(PASSIVE, target.name);
}

export function passiveTarget(target: RuleTarget): CompiledTarget {
  const effect: TargetEffect = { action: 'continue', verdict: 'CONTINUE', text: `${target.name}: ${PASSIVE[target.name] ?? ''}, continue` };
  return fixedTarget(target.name, effect);
}
