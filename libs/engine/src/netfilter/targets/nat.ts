import type { RuleTarget } from '@hookpath/model';
import { parsePrefix, formatIpv4 } from '../../net/ipv4';
import type { CompiledTarget, TargetEffect } from '../compiled-types';
import { setDestination, setSource, type EvalContext } from '../eval-context';
import type { NatManip } from '../table-evaluation';
import { parseNatRange, parsePorts } from './nat-range';
import { hasOption, targetBadValue, targetOptionNotModelled, targetSiteText, unknownTarget, type TargetSite } from './target-support';

interface NatFlags {
  random: boolean;
  persistent: boolean;
  randomFully: boolean;
}

function flagsOf(target: RuleTarget): NatFlags {
  return { random: hasOption(target, 'random'), persistent: hasOption(target, 'persistent'), randomFully: hasOption(target, 'random-fully') };
}

function flagText(flags: NatFlags): string {
  const words = [flags.random ? '--random' : '', flags.persistent ? '--persistent' : '', flags.randomFully ? '--random-fully' : ''].filter((w) => w !== '');
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

/**
 * `-j DNAT --to-destination` / `-j SNAT --to-source`: the connection's translation is chosen here
 * and the table's walk ends (the verdict is ACCEPT). Ports are rewritten for tcp and udp only.
 */
export function dnatSnatTarget(target: RuleTarget, site: TargetSite): CompiledTarget {
  const dnat = target.name === 'DNAT';
  const optionName = dnat ? 'to-destination' : 'to-source';
  const bad = checkOptions(target, site, [optionName, 'random', 'persistent', 'random-fully']);
  if (bad !== null) return bad;
  const option = target.options.find((o) => o.name === optionName);
  if (option === undefined) return unknownTarget(target.name, `target "-j ${target.name}" in ${targetSiteText(site)} has no --${optionName}`);
  const range = parseNatRange(option.values[0] ?? '');
  if (range === null) return targetBadValue(target, option, site);
  const flags = flagsOf(target);
  const note = [range.addressRange !== null ? `first of ${range.addressRange}` : '', range.portRange !== null ? `first port of ${range.portRange}` : '']
    .filter((w) => w !== '')
    .join(', ');
  return {
    name: target.name,
    apply(ctx): TargetEffect {
      const address = range.address ?? (dnat ? ctx.packet.dst : ctx.packet.src);
      if (dnat) setDestination(ctx, address, range.port);
      else setSource(ctx, address, range.port);
      record(ctx, dnat ? 'DNAT' : 'SNAT', address, range.port, flags);
      const port = ctx.packet.proto === 'icmp' ? null : range.port;
      const text = `${target.name} to ${endpoint(address, port)}${note !== '' ? ` (${note})` : ''}${flagText(flags)}`;
      return { action: 'accept', verdict: dnat ? 'DNAT' : 'SNAT', text };
    },
  };
}

/**
 * `-j MASQUERADE [--to-ports P[-Q]] [--random] [--random-fully]`: SNAT to the address the kernel
 * selects on the egress interface for the next hop (nf_nat_masquerade_ipv4 -> inet_select_addr,
 * asked of the environment); with no address there, the kernel drops the packet.
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
      const address = ctx.input.env.masqueradeSource(out, nexthop);
      if (address === null) {
        return { action: 'drop', verdict: 'DROP', text: `MASQUERADE: ${out} has no address to use, the kernel drops the packet` };
      }
      const port = ports === null ? null : ports.port;
      setSource(ctx, address, port);
      record(ctx, 'MASQUERADE', address, port, flags);
      const portNote = ports !== null && ports.range !== null ? ` (first port of ${ports.range})` : '';
      const shown = ctx.packet.proto === 'icmp' ? null : port;
      return { action: 'accept', verdict: 'MASQUERADE', text: `MASQUERADE to ${endpoint(address, shown)}, the address of ${out} toward ${nexthop}${portNote}${flagText(flags)}` };
    },
  };
}

/**
 * `-j REDIRECT [--to-ports P[-Q]]`: DNAT to the incoming interface's primary address (127.0.0.1 for
 * locally generated packets), asked of the environment; the kernel drops when there is none.
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
      const address = ctx.input.env.redirectDestination(inIface);
      if (address === null) {
        return { action: 'drop', verdict: 'DROP', text: `REDIRECT: ${inIface ?? 'the incoming interface'} has no address, the kernel drops the packet` };
      }
      const port = ports === null ? null : ports.port;
      setDestination(ctx, address, port);
      record(ctx, 'REDIRECT', address, port, flags);
      const shown = ctx.packet.proto === 'icmp' ? null : port;
      return { action: 'accept', verdict: 'REDIRECT', text: `REDIRECT to ${endpoint(address, shown)}${flagText(flags)}` };
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
      return { action: 'accept', verdict: destination ? 'DNAT' : 'SNAT', text: `NETMAP ${destination ? 'destination' : 'source'} to ${mapped} (${option.values[0]})` };
    },
  };
}
