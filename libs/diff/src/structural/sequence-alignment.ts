/** Alignment of two sequences (Myers' O((N+M)·D) shortest edit script). */

export type AlignOp = { op: 'same'; a: number; b: number } | { op: 'removed'; a: number } | { op: 'added'; b: number };

/** Above this many edits the middle is reported as removed-then-added (memory is O(D²)). */
const DEFAULT_MAX_EDITS = 4000;

function myers(
  a: readonly string[],
  b: readonly string[],
  sa: number,
  n: number,
  sb: number,
  m: number,
  maxEdits: number,
): AlignOp[] | null {
  const max = n + m;
  const offset = max + 1;
  const v = new Int32Array(2 * max + 3);
  const trace: Int32Array[] = [];
  const limit = Math.min(max, maxEdits);
  for (let d = 0; d <= limit; d++) {
    for (let k = -d; k <= d; k += 2) {
      let x = k === -d || (k !== d && v[k - 1 + offset] < v[k + 1 + offset]) ? v[k + 1 + offset] : v[k - 1 + offset] + 1;
      let y = x - k;
      while (x < n && y < m && a[sa + x] === b[sb + y]) {
        x++;
        y++;
      }
      v[k + offset] = x;
      if (x >= n && y >= m) {
        trace.push(v.slice(offset - d, offset + d + 1));
        return backtrack(trace, n, m, sa, sb);
      }
    }
    trace.push(v.slice(offset - d, offset + d + 1));
  }
  return null;
}

function backtrack(trace: readonly Int32Array[], n: number, m: number, sa: number, sb: number): AlignOp[] {
  const ops: AlignOp[] = [];
  let x = n;
  let y = m;
  for (let d = trace.length - 1; d > 0; d--) {
    const prev = trace[d - 1];
    const at = (k: number): number => prev[k + d - 1];
    const k = x - y;
    const down = k === -d || (k !== d && at(k - 1) < at(k + 1));
    const prevK = down ? k + 1 : k - 1;
    const prevX = at(prevK);
    const prevY = prevX - prevK;
    while (x > prevX && y > prevY) {
      ops.push({ op: 'same', a: sa + x - 1, b: sb + y - 1 });
      x--;
      y--;
    }
    if (down) ops.push({ op: 'added', b: sb + prevY });
    else ops.push({ op: 'removed', a: sa + prevX });
    x = prevX;
    y = prevY;
  }
  while (x > 0 && y > 0) {
    ops.push({ op: 'same', a: sa + x - 1, b: sb + y - 1 });
    x--;
    y--;
  }
  return ops.reverse();
}

/**
 * Aligns `a` to `b` so that the fewest items are removed and added: a rule inserted in the middle
 * of a chain is one `added`, not a cascade of changes for every rule after it.
 */
export function alignSequences(a: readonly string[], b: readonly string[], maxEdits = DEFAULT_MAX_EDITS): AlignOp[] {
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA--;
    endB--;
  }
  const ops: AlignOp[] = [];
  for (let i = 0; i < start; i++) ops.push({ op: 'same', a: i, b: i });
  const middle = myers(a, b, start, endA - start, start, endB - start, maxEdits);
  if (middle !== null) ops.push(...middle);
  else {
    for (let i = start; i < endA; i++) ops.push({ op: 'removed', a: i });
    for (let j = start; j < endB; j++) ops.push({ op: 'added', b: j });
  }
  for (let i = 0; i < a.length - endA; i++) ops.push({ op: 'same', a: endA + i, b: endB + i });
  return ops;
}
