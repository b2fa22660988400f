import type { Ipset, IpsetElementPart, IpsetMember } from '@hookpath/model';
import { maskOf, parseIpv4, parsePrefix } from '../net/ipv4';
import type { CompiledSet, ProbeValue, SetDimension } from './ipset-types';
import { parseU32, protocolNumber } from './option-values';

const DIMENSIONS: ReadonlySet<string> = new Set<SetDimension>(['ip', 'net', 'port', 'mac', 'iface', 'mark', 'set']);

/** One member's value in one dimension, reduced to what the lookup compares. */
type Pattern =
  | { kind: 'prefix'; network: number; length: number }
  | { kind: 'range'; from: number; to: number }
  | { kind: 'exact'; key: number | string }
  | { kind: 'wildcard' };

interface Shape {
  /** Per dimension: the prefix length of address dimensions, -1 otherwise. */
  lengths: number[];
  members: Map<number | string, IpsetMember>;
}

/** `hash:ip,port` -> method and dimensions; null for a type the engine does not know. */
function typeShape(type: string): { method: CompiledSet['method']; dimensions: SetDimension[] } | null {
  const m = /^(hash|bitmap|list):([a-z,]+)$/.exec(type);
  if (m === null) return null;
  const dimensions = (m[2] as string).split(',');
  if (!dimensions.every((d) => DIMENSIONS.has(d))) return null;
  return { method: m[1] as CompiledSet['method'], dimensions: dimensions as SetDimension[] };
}

/** The port key of a member's port part; bitmap:port keys are the bare port. */
function portKey(proto: string, port: number, bitmap: boolean): number | null {
  if (bitmap || proto === '') return port;
  const number = protocolNumber(proto);
  return number === null ? null : number * 65536 + port;
}

function pattern(part: IpsetElementPart | undefined, dimension: SetDimension, bitmap: boolean): Pattern | null {
  if (part === undefined) return dimension === 'mac' ? { kind: 'wildcard' } : null;
  switch (part.kind) {
    case 'net': {
      const prefix = parsePrefix(part.cidr);
      return prefix === null ? null : { kind: 'prefix', network: prefix.network, length: prefix.length };
    }
    case 'range': {
      const from = parseIpv4(part.from);
      const to = parseIpv4(part.to);
      return from === null || to === null ? null : { kind: 'range', from, to };
    }
    case 'port': {
      const from = portKey(part.proto, part.from, bitmap);
      const to = portKey(part.proto, part.to, bitmap);
      if (from === null || to === null) return null;
      return from === to ? { kind: 'exact', key: from } : { kind: 'range', from, to };
    }
    case 'mac':
      return { kind: 'exact', key: part.mac.toLowerCase() };
    case 'iface':
      // the set match never looks up physdev elements (it passes no IPSET_FLAG_PHYSDEV)
      return { kind: 'exact', key: `${part.physdev ? 'physdev:' : ''}${part.name}` };
    case 'mark':
      return { kind: 'exact', key: part.value >>> 0 };
    case 'set':
      return { kind: 'exact', key: part.name };
  }
}

function patternHolds(p: Pattern, value: ProbeValue): boolean {
  switch (p.kind) {
    case 'wildcard':
      return true;
    case 'exact':
      return p.key === value;
    case 'prefix':
      return typeof value === 'number' && (value & maskOf(p.length)) >>> 0 === p.network;
    case 'range':
      return typeof value === 'number' && value >= p.from && value <= p.to;
  }
}

/** Lookup key of `probe` for a shape: addresses masked to the shape's lengths. */
function probeKey(lengths: readonly number[], masks: readonly number[], probe: readonly ProbeValue[]): number | string | null {
  if (lengths.length === 1) {
    const value = probe[0];
    if (value === null || value === undefined) return null;
    return (lengths[0] as number) >= 0 && typeof value === 'number' ? (value & (masks[0] as number)) >>> 0 : value;
  }
  let key = '';
  for (let i = 0; i < lengths.length; i++) {
    const value = probe[i];
    if (value === null || value === undefined) return null;
    const part = (lengths[i] as number) >= 0 && typeof value === 'number' ? (value & (masks[i] as number)) >>> 0 : value;
    key += i === 0 ? `${part}` : `,${part}`;
  }
  return key;
}

function memberKey(patterns: readonly Pattern[]): number | string {
  const parts = patterns.map((p) => (p.kind === 'prefix' ? p.network : p.kind === 'exact' ? p.key : ''));
  return parts.length === 1 ? (parts[0] as number | string) : parts.join(',');
}

/** Shapes in the order the kernel tries prefix lengths: longest first, dimension by dimension. */
function compareShapes(a: Shape, b: Shape): number {
  for (let i = 0; i < a.lengths.length; i++) {
    const d = (b.lengths[i] as number) - (a.lengths[i] as number);
    if (d !== 0) return d;
  }
  return 0;
}

/**
 * One set as lookup structures: members whose every dimension is a single value or prefix go into
 * exact-key maps, one per combination of prefix lengths (hash:ip is one map of addresses; hash:net
 * one map per prefix length, tried longest first, as the kernel walks its cidr list); members with
 * address or port ranges are tested one by one after them.
 */
export function compileSet(set: Ipset): CompiledSet {
  const shape = typeShape(set.type);
  const base = {
    name: set.name,
    type: set.type,
    family: shape?.method === 'list' ? null : (set.family ?? 'inet'),
    members: [] as CompiledSet[],
  };
  if (shape === null) {
    return {
      ...base,
      method: 'hash',
      dimensions: [],
      nomatch: false,
      markmask: 0xffffffff,
      unsupported: `set "${set.name}" has type ${set.type}, which is not modelled`,
      lookup: () => null,
    };
  }
  const bitmap = shape.method === 'bitmap';
  const markmaskOption = set.options.markmask;
  const markmask = typeof markmaskOption === 'string' ? (parseU32(markmaskOption) ?? 0xffffffff) : 0xffffffff;
  const shapes = new Map<string, Shape>();
  const linear: Array<{ patterns: Pattern[]; member: IpsetMember }> = [];
  if (shape.method !== 'list' && base.family === 'inet') {
    for (const member of set.members) {
      const patterns: Pattern[] = [];
      for (let d = 0; d < shape.dimensions.length; d++) {
        const p = pattern(member.parts[d], shape.dimensions[d] as SetDimension, bitmap);
        if (p !== null) patterns.push(p);
      }
      if (patterns.length !== shape.dimensions.length) continue;
      if (patterns.some((p) => p.kind === 'range' || p.kind === 'wildcard')) {
        linear.push({ patterns, member });
        continue;
      }
      const lengths = patterns.map((p) => (p.kind === 'prefix' ? p.length : -1));
      const signature = lengths.join(',');
      let group = shapes.get(signature);
      if (group === undefined) shapes.set(signature, (group = { lengths, members: new Map() }));
      const key = memberKey(patterns);
      if (!group.members.has(key)) group.members.set(key, member);
    }
  }
  const ordered = [...shapes.values()].sort(compareShapes);
  const masks = ordered.map((s) => s.lengths.map((l) => (l >= 0 ? maskOf(l) : 0)));
  return {
    ...base,
    method: shape.method,
    dimensions: shape.dimensions,
    nomatch: shape.method === 'hash' && shape.dimensions.includes('net'),
    markmask,
    unsupported: null,
    lookup(probe) {
      for (let s = 0; s < ordered.length; s++) {
        const group = ordered[s] as Shape;
        const key = probeKey(group.lengths, masks[s] as number[], probe);
        if (key === null) return null;
        const member = group.members.get(key);
        if (member !== undefined) return member;
      }
      for (const entry of linear) {
        if (entry.patterns.every((p, d) => patternHolds(p, probe[d] ?? null))) return entry.member;
      }
      return null;
    },
  };
}

/** Every set of the host by name, list:set members resolved. */
export function compileSets(sets: readonly Ipset[]): Map<string, CompiledSet> {
  const compiled = new Map<string, CompiledSet>();
  for (const set of sets) compiled.set(set.name, compileSet(set));
  for (const set of sets) {
    const target = compiled.get(set.name) as CompiledSet;
    if (target.method !== 'list') continue;
    for (const member of set.members) {
      const part = member.parts[0];
      const inner = part?.kind === 'set' ? compiled.get(part.name) : undefined;
      if (inner !== undefined) target.members.push(inner);
    }
  }
  return compiled;
}
