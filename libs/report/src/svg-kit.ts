import { clip, escapeXml } from './escape';

/**
 * Drawing primitives of the report pictures: plain SVG strings, presentation attributes only (no
 * ids, no external references, no fonts beyond generic families), so the same input gives the same
 * bytes and a picture works inline in HTML, in an <img>, or saved as a file.
 */

export const SANS = 'system-ui, sans-serif';
export const MONO = 'ui-monospace, monospace';

export const COLOURS = {
  background: '#ffffff',
  ink: '#111827',
  muted: '#6b7280',
  idleFill: '#f9fafb',
  idleStroke: '#9ca3af',
  litFill: '#eff6ff',
  litStroke: '#2563eb',
  dropFill: '#fef2f2',
  dropStroke: '#dc2626',
  okMark: '#15803d',
} as const;

export type Tone = 'idle' | 'lit' | 'drop';

export function toneFill(tone: Tone): string {
  switch (tone) {
    case 'idle':
      return COLOURS.idleFill;
    case 'lit':
      return COLOURS.litFill;
    case 'drop':
      return COLOURS.dropFill;
  }
}

export function toneStroke(tone: Tone): string {
  switch (tone) {
    case 'idle':
      return COLOURS.idleStroke;
    case 'lit':
      return COLOURS.litStroke;
    case 'drop':
      return COLOURS.dropStroke;
  }
}

/** Coordinates as integers or with one decimal: no float noise in the output. */
export const n = (value: number): string => String(Math.round(value * 10) / 10);

export interface TextOptions {
  size?: number;
  anchor?: 'start' | 'middle' | 'end';
  weight?: 'normal' | 'bold';
  fill?: string;
  mono?: boolean;
  italic?: boolean;
}

export function text(x: number, y: number, content: string, options: TextOptions = {}): string {
  const attrs = [
    `x="${n(x)}"`,
    `y="${n(y)}"`,
    `font-size="${n(options.size ?? 12)}"`,
    options.anchor === undefined || options.anchor === 'start' ? '' : `text-anchor="${options.anchor}"`,
    options.weight === 'bold' ? 'font-weight="bold"' : '',
    options.italic === true ? 'font-style="italic"' : '',
    options.mono === true ? `font-family="${MONO}"` : '',
    `fill="${options.fill ?? COLOURS.ink}"`,
  ].filter((a) => a !== '');
  return `<text ${attrs.join(' ')}>${escapeXml(content)}</text>`;
}

export function rect(x: number, y: number, w: number, h: number, tone: Tone, options: { radius?: number; dashed?: boolean } = {}): string {
  const dash = options.dashed === true ? ' stroke-dasharray="5 3"' : '';
  return `<rect x="${n(x)}" y="${n(y)}" width="${n(w)}" height="${n(h)}" rx="${n(options.radius ?? 6)}" fill="${toneFill(tone)}" stroke="${toneStroke(tone)}" stroke-width="${tone === 'idle' ? 1 : 2}"${dash}/>`;
}

export function diamond(cx: number, cy: number, hw: number, hh: number, tone: Tone): string {
  const points = [`${n(cx)},${n(cy - hh)}`, `${n(cx + hw)},${n(cy)}`, `${n(cx)},${n(cy + hh)}`, `${n(cx - hw)},${n(cy)}`].join(' ');
  return `<polygon points="${points}" fill="${toneFill(tone)}" stroke="${toneStroke(tone)}" stroke-width="${tone === 'idle' ? 1 : 2}"/>`;
}

/** A polyline with an arrowhead at its last point (a polygon: no marker ids to collide between pictures). */
export function arrow(points: readonly (readonly [number, number])[], lit: boolean): string {
  const colour = lit ? COLOURS.litStroke : COLOURS.idleStroke;
  const line = `<polyline points="${points.map(([x, y]) => `${n(x)},${n(y)}`).join(' ')}" fill="none" stroke="${colour}" stroke-width="${lit ? 2 : 1.2}"/>`;
  const end = points[points.length - 1];
  const before = points[points.length - 2];
  if (end === undefined || before === undefined) return line;
  const [x2, y2] = end;
  const [x1, y1] = before;
  const length = Math.hypot(x2 - x1, y2 - y1) || 1;
  const ux = (x2 - x1) / length;
  const uy = (y2 - y1) / length;
  const size = 7;
  const left = [x2 - ux * size - uy * size * 0.55, y2 - uy * size + ux * size * 0.55];
  const right = [x2 - ux * size + uy * size * 0.55, y2 - uy * size - ux * size * 0.55];
  const head = `<polygon points="${n(x2)},${n(y2)} ${n(left[0] ?? 0)},${n(left[1] ?? 0)} ${n(right[0] ?? 0)},${n(right[1] ?? 0)}" fill="${colour}"/>`;
  return line + head;
}

/** The order number of a box the packet passed. */
export function badge(cx: number, cy: number, label: string, tone: Tone): string {
  const fill = tone === 'drop' ? COLOURS.dropStroke : COLOURS.litStroke;
  return `<circle cx="${n(cx)}" cy="${n(cy)}" r="10" fill="${fill}"/>${text(cx, cy + 4, label, { size: 11, anchor: 'middle', weight: 'bold', fill: COLOURS.background })}`;
}

/** The red ✗ where the packet was dropped. */
export function cross(cx: number, cy: number): string {
  return `<circle cx="${n(cx)}" cy="${n(cy)}" r="12" fill="${COLOURS.dropStroke}"/>${text(cx, cy + 5, '✗', { size: 15, anchor: 'middle', weight: 'bold', fill: COLOURS.background })}`;
}

/** Splits text into at most `lines` lines of at most `width` characters (words kept whole where they fit; the last line clipped). */
export function wrap(content: string, width: number, lines: number): string[] {
  const words = content.replace(/\s+/g, ' ').trim().split(' ');
  const out: string[] = [];
  let current = '';
  for (const word of words) {
    const candidate = current === '' ? word : `${current} ${word}`;
    if (candidate.length <= width) {
      current = candidate;
      continue;
    }
    if (current !== '') out.push(current);
    current = word;
    while (current.length > width) {
      out.push(current.slice(0, width));
      current = current.slice(width);
    }
  }
  if (current !== '') out.push(current);
  if (out.length <= lines) return out;
  const kept = out.slice(0, lines);
  kept[lines - 1] = clip(`${kept[lines - 1] ?? ''} ${out.slice(lines).join(' ')}`, width);
  return kept;
}

/** The <svg> element: accessible (`role="img"` with a <title>), a white card so it reads on dark pages too. */
export function svgDocument(width: number, height: number, title: string, description: string, body: readonly string[]): string {
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${n(width)} ${n(height)}" width="${n(width)}" height="${n(height)}" role="img" aria-label="${escapeXml(title)}" font-family="${SANS}">`,
    `<title>${escapeXml(title)}</title>`,
    `<desc>${escapeXml(description)}</desc>`,
    `<rect x="0" y="0" width="${n(width)}" height="${n(height)}" fill="${COLOURS.background}"/>`,
    ...body,
    '</svg>',
  ].join('\n');
}
