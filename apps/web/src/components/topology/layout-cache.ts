import type { Layout } from './elk-graph';

// Layouts kept in localStorage, keyed by a hash of ELK's input: the same topology (and the same groups
// expanded) comes back in the same place without running ELK again.
const PREFIX = 'hookpath.topology.';
const INDEX = `${PREFIX}index`;
const KEEP = 16;

/** cyrb53: a fast 53-bit string hash, as hex. */
export function hashText(text: string): string {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(16);
}

function readIndex(): string[] {
  try {
    const parsed: unknown = JSON.parse(window.localStorage.getItem(INDEX) ?? '[]');
    return Array.isArray(parsed) ? parsed.filter((k): k is string => typeof k === 'string') : [];
  } catch {
    return [];
  }
}

export function readLayout(key: string): Layout | null {
  try {
    const text = window.localStorage.getItem(PREFIX + key);
    if (text === null) return null;
    const layout = JSON.parse(text) as Layout;
    return typeof layout.width === 'number' && typeof layout.boxes === 'object' ? layout : null;
  } catch {
    return null;
  }
}

export function writeLayout(key: string, layout: Layout): void {
  const index = [key, ...readIndex().filter((k) => k !== key)];
  for (const old of index.splice(KEEP)) window.localStorage.removeItem(PREFIX + old);
  try {
    window.localStorage.setItem(PREFIX + key, JSON.stringify(layout));
    window.localStorage.setItem(INDEX, JSON.stringify(index));
  } catch {
    // Storage full or disabled: the layout is recomputed next time.
  }
}
