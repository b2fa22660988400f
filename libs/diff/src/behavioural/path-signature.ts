import type { Hook, TraceStep } from '@hookpath/engine';

const HOOK_ABBREVIATION: Readonly<Record<Hook, string>> = {
  PREROUTING: 'PRE',
  INPUT: 'IN',
  FORWARD: 'FWD',
  OUTPUT: 'OUT',
  POSTROUTING: 'POST',
};

/** Hashes of rule texts already seen: a batch meets the same rules again and again (bounded: cleared when full). */
const hashes = new Map<string, string>();
const HASHES_KEPT = 100_000;

/** FNV-1a, 32 bits, base 36: tells rules of one chain with the same verdict apart in a few characters. */
export function shortHash(text: string): string {
  let hash = hashes.get(text);
  if (hash === undefined) {
    if (hashes.size >= HASHES_KEPT) hashes.clear();
    hash = fnv1a(text);
    hashes.set(text, hash);
  }
  return hash;
}

function fnv1a(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(36);
}

/**
 * One step's token in the path signature, or null for a step that neither moves, filters nor
 * rewrites the packet. Conntrack bookkeeping (lookup, new, confirm) and passing rp_filter checks are
 * left out: whether conntrack ran is not where the packet went; when conntrack state makes a
 * difference it shows as nat rules run or skipped, a conntrack NAT rewrite, or a drop.
 */
export function stepToken(step: TraceStep): string | null {
  switch (step.kind) {
    case 'routing':
      return `R>${step.iface ?? '-'}`;
    case 'interface':
      return `I:${step.iface ?? '-'}`;
    case 'netfilter': {
      const hook = step.hook === undefined ? '?' : HOOK_ABBREVIATION[step.hook];
      const rule = step.rule === undefined || step.rule === null ? '' : `#${shortHash(step.rule)}`;
      return `${hook}.${step.table ?? '?'}.${step.chain ?? '?'}${rule}:${step.verdict ?? '?'}`;
    }
    case 'conntrack':
      // The NAT binding of a known connection applied at a nat hook rewrites the packet.
      return step.table === undefined ? null : `CT.${step.hook === undefined ? '?' : HOOK_ABBREVIATION[step.hook]}.${step.table}`;
    case 'rp_filter':
      return null;
    case 'bridge':
      return `B:${step.iface ?? '-'}`;
    case 'ipvs':
      return `V:${step.verdict ?? step.iface ?? '-'}`;
    case 'ovn':
      return `O:${step.iface ?? '-'}`;
    case 'deliver':
      return 'D';
    case 'drop':
      return 'X';
    default: {
      const unreachable: never = step.kind;
      return unreachable;
    }
  }
}

/** `@host tok tok @next-host tok ...`: the compact path of one direction. */
export function pathSignature(steps: readonly TraceStep[]): string {
  const parts: string[] = [];
  let host: string | null = null;
  for (const step of steps) {
    const token = stepToken(step);
    if (token === null) continue;
    if (step.host !== host) {
      host = step.host;
      parts.push(`@${host}`);
    }
    parts.push(token);
  }
  return parts.join(' ');
}
