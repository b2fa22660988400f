/**
 * Where the rows and cells of an `ovs-vsctl -f json` table start in the text: the offset of
 * `data[i]` and of `data[i][j]`. JSON.parse keeps no positions, and an error in a row should name
 * the line and column it is at. The text is valid JSON (checked before).
 */
export interface TableOffsets {
  /** Offset of the `data` array, or null when the object has none. */
  data: number | null;
  /** Offset of the `headings` array, or null. */
  headings: number | null;
  rows: number[];
  cells: number[][];
}

type Frame = { kind: 'object'; key: string | null } | { kind: 'array'; index: number };

export function tableOffsets(text: string): TableOffsets {
  const result: TableOffsets = { data: null, headings: null, rows: [], cells: [] };
  const stack: Frame[] = [];
  /** The path of the value starting now, as keys and indices below the top object. */
  const path = (): (string | number)[] => stack.map((f) => (f.kind === 'object' ? (f.key ?? '') : f.index));
  const valueStarts = (offset: number): void => {
    const p = path();
    if (p.length === 1 && p[0] === 'data') result.data = offset;
    else if (p.length === 1 && p[0] === 'headings') result.headings = offset;
    else if (p.length === 2 && p[0] === 'data' && typeof p[1] === 'number') {
      result.rows[p[1]] = offset;
      result.cells[p[1]] = [];
    } else if (p.length === 3 && p[0] === 'data' && typeof p[1] === 'number' && typeof p[2] === 'number') {
      (result.cells[p[1]] ??= [])[p[2]] = offset;
    }
  };
  let expectKey = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] ?? '';
    if (' \t\r\n'.includes(ch)) continue;
    const top = stack[stack.length - 1];
    if (ch === '"') {
      const start = i;
      let value = '';
      for (i++; i < text.length && text[i] !== '"'; i++) {
        if (text[i] === '\\') i++;
        value += text[i] ?? '';
      }
      if (expectKey && top?.kind === 'object') {
        top.key = value;
        expectKey = false;
      } else if (stack.length > 0) valueStarts(start);
      continue;
    }
    if (ch === ':') continue;
    if (ch === ',') {
      if (top?.kind === 'array') top.index++;
      else expectKey = true;
      continue;
    }
    if (ch === '}' || ch === ']') {
      stack.pop();
      continue;
    }
    if (stack.length > 0) valueStarts(i);
    if (ch === '{') {
      stack.push({ kind: 'object', key: null });
      expectKey = true;
    } else if (ch === '[') {
      stack.push({ kind: 'array', index: 0 });
    } else {
      // a number or a literal: skip to its end
      while (i + 1 < text.length && !',]} \t\r\n'.includes(text[i + 1] ?? '')) i++;
    }
  }
  return result;
}
