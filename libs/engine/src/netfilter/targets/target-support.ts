import type { IptablesTableName, RuleOption, RuleTarget } from '@hookpath/model';
import type { CompiledTarget, TargetEffect } from '../compiled-types';

/** Where a target is compiled. */
export interface TargetSite {
  table: IptablesTableName;
  chain: string;
  position: number;
}

export type TargetCompiler = (target: RuleTarget, site: TargetSite) => CompiledTarget;

export const targetSiteText = (site: TargetSite): string => `${site.table}/${site.chain} rule ${site.position}`;

/** A target the engine cannot carry out: reaching it makes the trace UNKNOWN. */
export function unknownTarget(name: string, message: string): CompiledTarget {
  const effect: TargetEffect = { action: 'unknown', verdict: 'UNKNOWN', text: message };
  return {
    name,
    apply(ctx) {
      ctx.undecided = message;
      return effect;
    },
  };
}

export const targetNotModelled = (target: RuleTarget, site: TargetSite): CompiledTarget =>
  unknownTarget(target.name, `target "-j ${target.name}" in ${targetSiteText(site)} is not modelled`);

export const targetOptionNotModelled = (target: RuleTarget, option: RuleOption, site: TargetSite): CompiledTarget =>
  unknownTarget(target.name, `option --${option.name} of target "-j ${target.name}" in ${targetSiteText(site)} is not modelled`);

export const targetBadValue = (target: RuleTarget, option: RuleOption, site: TargetSite): CompiledTarget =>
  unknownTarget(
    target.name,
    `value "${option.values.join(' ')}" of --${option.name} (target "-j ${target.name}") in ${targetSiteText(site)} cannot be read`,
  );

/** A target whose effect does not depend on the packet. */
export function fixedTarget(name: string, effect: TargetEffect): CompiledTarget {
  return { name, apply: () => effect };
}

export const optionValue = (target: RuleTarget, name: string): string | undefined => target.options.find((o) => o.name === name)?.values[0];

export const hasOption = (target: RuleTarget, name: string): boolean => target.options.some((o) => o.name === name);
