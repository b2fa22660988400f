import type { RuleTarget } from '@hookpath/model';
import { formatIpv4, parseIpv4, parsePrefix } from '../../net/ipv4';
import type { CompiledTarget, TargetEffect } from '../compiled-types';
import { setDestination, setSource, type EvalContext } from '../eval-context';
import type { NatManip } from '../table-evaluation';
import { parseNatRange, parsePorts } from './nat-range';
import { chooseNatTuple, type ManipType, type NatRequest } from './nat-tuple';
import { hasOption, targetBadValue, targetOptionNotModelled, targetSiteText, unknownTarget, type TargetSite } from './target-support';

interface NatFlags {
  random: boolean;
  persistent: boolean;
  randomFully: boolean;
}

function flagsOf(target: RuleTarget): NatFlags {
  return {
    random: hasOption(target, 'random'),
    persistent: hasOption(target, 'persistent'),
    randomFully: hasOption(target, 'random-fully'),
  };
}

function flagText(flags: NatFlags): string {
  const words = [flags.random ? '--random' : '', flags.persistent ? '--persistent' : '', flags.randomFully ? '--random-fully' : ''].filter(
    (w) => w !== '',
  );
  return words.length > 0 ? ` (${words.join(' ')})` : '';
}

const endpoint = (address: string, port: number | null): string => (port === null ? address : `${address}:${port}`);

function checkOptions(target: RuleTarget, site: TargetSite, allowed: readonly string[]): CompiledTarget | null {
  for (const option of target.options) {
    if (!allowed.includes(option.name)) return targetOptionNotModelled(target, option, site);
  }
  return null;
}

function record(ctx: EvalContext, kind: NatManip['kind'], address: string, port: number | null, flags: NatFlags): void {
  const rule = ctx.rule;
  ctx.nat = { kind, address, port: ctx.packet.proto === 'icmp' ? null : port, rule: rule === null ? '' : rule.text, ...flags };
}

/** The rule's notes on how the kernel chose, then its flags: ` (note; note) (--random)`. */
function choiceText(notes: readonly string[], flags: NatFlags): string {
  return `${notes.length > 0 ? ` (${notes.join('; ')})` : ''}${flagText(flags)}`;
}

/** Rewrites the packet with the kernel's choice and records the translation. */
function applyChoice(
  ctx: EvalContext,
  kind: NatManip['kind'],
  manip: ManipType,
  request: NatRequest,
  flags: NatFlags,
): { address: string; port: number | null; notes: string[] } {
  const choice = chooseNatTuple(manip, ctx.src, ctx.dst, ctx.packet, request);
  const address = formatIpv4(choice.address);
  if (manip === 'DST') setDestination(ctx, address, choice.port);
  else setSource(ctx, address, choice.port);
  record(ctx, kind, address, choice.port, flags);
  // the port is shown when the rule names ports or the kernel changed it
  const named = ctx.packet.proto !== 'icmp' && (request.ports !== null || choice.port !== null);
  const shown = !named ? null : manip === 'DST' ? ctx.packet.dport : ctx.packet.sport;
  return { address, port: shown, notes: choice.notes };
}

/**
 * `-j DNAT --to-destination` / `-j SNAT --to-source`: the connection's translation is chosen here
 * (get_unique_tuple, nat-tuple.ts) and the table's walk ends (the verdict is ACCEPT). Ports are
 * rewritten for tcp and udp only.
 */
export function dnatSnatTarget(target: RuleTarget, site: TargetSite): CompiledTarget {
  const dnat = target.name === 'DNAT';
  const optionName = dnat ? 'to-destination' : 'to-source';
  const bad = checkOptions(target, site, [optionName, 'random', 'persistent', 'random-fully']);
  if (bad !== null) return bad;
  const option = target.options.find((o) => o.name === optionName);
  if (option === undefined)
    return unknownTarget(target.name, `target "-j ${target.name}" in ${targetSiteText(site)} has no --${optionName}`);
  const range = parseNatRange(option.values[0] ?? '');
  if (range === null) return targetBadValue(target, option, site);
  const flags = flagsOf(target);
  const request: NatRequest = { ...range, persistent: flags.persistent, randomPorts: flags.random || flags.randomFully };
  return {
    name: target.name,
    apply(ctx): TargetEffect {
      const chosen = applyChoice(ctx, dnat ? 'DNAT' : 'SNAT', dnat ? 'DST' : 'SRC', request, flags);
      const text = `${target.name} to ${endpoint(chosen.address, chosen.port)}${choiceText(chosen.notes, flags)}`;
      return { action: 'accept', verdict: dnat ? 'DNAT' : 'SNAT', text };
    },
  };
}

/**
 * `-j MASQUERADE [--to-ports P[-Q]] [--random] [--random-fully]`: SNAT to the address the kernel
 * selects on the egress interface for the next hop (nf_nat_masquerade_ipv4 -> inet_select_addr,
 * asked of the environment), as a one-address range with the rule's ports; with no address there,
 * the kernel drops the packet.
 */
export function masqueradeTarget(target: RuleTarget, site: TargetSite): CompiledTarget {
  const bad = checkOptions(target, site, ['to-ports', 'random', 'random-fully']);
  if (bad !== null) return bad;
  const portsOption = target.options.find((o) => o.name === 'to-ports');
  const ports = portsOption === undefined ? null : parsePorts(portsOption.values[0] ?? '');
  if (portsOption !== undefined && ports === null) return targetBadValue(target, portsOption, site);
  const flags = flagsOf(target);
  const where = targetSiteText(site);
  return {
    name: 'MASQUERADE',
    apply(ctx): TargetEffect {
      const out = ctx.input.outIface;
      if (out === null) {
        ctx.undecided = `target "-j MASQUERADE" in ${where} is reached without an egress interface`;
        return { action: 'unknown', verdict: 'UNKNOWN', text: ctx.undecided };
      }
      const nexthop = ctx.input.nexthop ?? ctx.packet.dst;
      const source = ctx.input.env.masqueradeSource(out, nexthop);
      const address = source === null ? null : parseIpv4(source);
      if (address === null) {
        return { action: 'drop', verdict: 'DROP', text: `MASQUERADE: ${out} has no address to use, the kernel drops the packet` };
      }
      const request: NatRequest = {
        addresses: { min: address, max: address, text: formatIpv4(address) },
        ports,
        persistent: false,
        randomPorts: flags.random || flags.randomFully,
      };
      const chosen = applyChoice(ctx, 'MASQUERADE', 'SRC', request, flags);
      return {
        action: 'accept',
        verdict: 'MASQUERADE',
        text: `MASQUERADE to ${endpoint(chosen.address, chosen.port)}, the source the kernel selects for leaving ${out} toward ${nexthop}${choiceText(chosen.notes, flags)}`,
      };
    },
  };
}

/**
 * `-j REDIRECT [--to-ports P[-Q]] [--random]`: DNAT to the incoming interface's primary address
 * (127.0.0.1 for locally generated packets), asked of the environment, as a one-address range with
 * the rule's ports (nf_nat_redirect_ipv4); the kernel drops when there is no address.
 */
export function redirectTarget(target: RuleTarget, site: TargetSite): CompiledTarget {
  const bad = checkOptions(target, site, ['to-ports', 'random']);
  if (bad !== null) return bad;
  const portsOption = target.options.find((o) => o.name === 'to-ports');
  const ports = portsOption === undefined ? null : parsePorts(portsOption.values[0] ?? '');
  if (portsOption !== undefined && ports === null) return targetBadValue(target, portsOption, site);
  const flags = flagsOf(target);
  return {
    name: 'REDIRECT',
    apply(ctx): TargetEffect {
      const inIface = ctx.hook === 'OUTPUT' ? null : ctx.input.inIface;
      const destination = ctx.input.env.redirectDestination(inIface);
      const address = destination === null ? null : parseIpv4(destination);
      if (address === null) {
        return {
          action: 'drop',
          verdict: 'DROP',
          text: `REDIRECT: ${inIface ?? 'the incoming interface'} has no address, the kernel drops the packet`,
        };
      }
      const request: NatRequest = {
        addresses: { min: address, max: address, text: formatIpv4(address) },
        ports,
        persistent: false,
        randomPorts: flags.random,
      };
      const chosen = applyChoice(ctx, 'REDIRECT', 'DST', request, flags);
      return {
        action: 'accept',
        verdict: 'REDIRECT',
        text: `REDIRECT to ${endpoint(chosen.address, chosen.port)}${choiceText(chosen.notes, flags)}`,
      };
    },
  };
}

/**
 * `-j NETMAP --to PREFIX`: maps the network part 1:1, keeping the host bits; the destination in
 * PREROUTING/OUTPUT, the source in POSTROUTING/INPUT (xt_NETMAP.c). Reported as a DNAT/SNAT.
 */
export function netmapTarget(target: RuleTarget, site: TargetSite): CompiledTarget {
  const bad = checkOptions(target, site, ['to']);
  if (bad !== null) return bad;
  const option = target.options.find((o) => o.name === 'to');
  if (option === undefined) return unknownTarget('NETMAP', `target "-j NETMAP" in ${targetSiteText(site)} has no --to`);
  const prefix = parsePrefix(option.values[0] ?? '');
  if (prefix === null) return targetBadValue(target, option, site);
  const flags: NatFlags = { random: false, persistent: false, randomFully: false };
  return {
    name: 'NETMAP',
    apply(ctx): TargetEffect {
      const destination = ctx.hook === 'PREROUTING' || ctx.hook === 'OUTPUT';
      const original = destination ? ctx.dst : ctx.src;
      const mapped = formatIpv4(((original & ~prefix.mask) | prefix.network) >>> 0);
      if (destination) setDestination(ctx, mapped, null);
      else setSource(ctx, mapped, null);
      record(ctx, destination ? 'DNAT' : 'SNAT', mapped, null, flags);
      return {
        action: 'accept',
        verdict: destination ? 'DNAT' : 'SNAT',
        text: `NETMAP ${destination ? 'destination' : 'source'} to ${mapped} (${option.values[0]})`,
      };
    },
  };
}
