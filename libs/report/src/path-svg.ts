import type { Trace } from '@hookpath/engine';
import { clip } from './escape';
import { packetText } from './packet-text';
import { pathHops, type HopKind } from './path-hops';
import { arrow, badge, COLOURS, cross, rect, svgDocument, text } from './svg-kit';

/**
 * The node-path picture (after Antrea Traceflow): one box per host or OVN datapath the packet
 * crosses, top to bottom in order, with what happened inside each; the box where it was dropped
 * is red. Deterministic: the same trace gives the same string.
 */

const WIDTH = 760;
const BOX_X = 48;
const BOX_W = 680;
const LINE = 15;
const MAX_LINES = 9;
const CHARS = 96;
const GAP = 30;

function kindLabel(kind: HopKind): string {
  switch (kind) {
    case 'host':
      return 'host';
    case 'ovn-switch':
      return 'OVN logical switch';
    case 'ovn-router':
      return 'OVN logical router';
  }
}

function endLine(trace: Trace): string {
  const end = trace.end;
  const where = end === null ? '' : ` at ${end.host}${end.iface === null ? '' : `:${end.iface}`}`;
  switch (trace.disposition) {
    case 'DELIVERED':
      return `✓ DELIVERED${where}`;
    case 'EXITED':
      return `✓ EXITED${where}`;
    case 'DROPPED':
      return `✗ DROPPED (${trace.dropReason ?? 'no reason'})${where}`;
    case 'REJECTED':
      return `✗ REJECTED${where}`;
    case 'UNKNOWN':
      return `? UNKNOWN${where}: ${trace.dropReason ?? ''}`;
  }
}

export interface PathSvgOptions {
  /** Says which direction this is, in the title: `request`, `reply`. */
  direction?: string;
  /** Where the packet started (`--from`), when known. */
  from?: string;
}

/** The node path of one direction of a trace as an SVG string. */
export function pathSvg(trace: Trace, options: PathSvgOptions = {}): string {
  const hops = pathHops(trace);
  const direction = options.direction === undefined ? '' : ` (${options.direction})`;
  const body: string[] = [];
  body.push(text(16, 22, `node path${direction}`, { size: 15, weight: 'bold' }));
  body.push(
    text(16, 40, clip(`${packetText(trace.packet)}${options.from === undefined ? '' : ` from ${options.from}`}`, 110), {
      size: 11.5,
      fill: COLOURS.muted,
      mono: true,
    }),
  );
  let y = 56;
  hops.forEach((hop, i) => {
    const shown = hop.observations.slice(0, MAX_LINES);
    const more = hop.observations.length - shown.length;
    const lines = more > 0 ? [...shown.slice(0, MAX_LINES - 1), `… ${more + 1} more`] : shown;
    const height = 34 + Math.max(1, lines.length) * LINE + 6;
    const tone = hop.stopped ? 'drop' : 'lit';
    if (i > 0)
      body.push(
        arrow(
          [
            [BOX_X + BOX_W / 2, y - GAP],
            [BOX_X + BOX_W / 2, y],
          ],
          true,
        ),
      );
    body.push(rect(BOX_X, y, BOX_W, height, tone, { dashed: hop.kind !== 'host' }));
    body.push(badge(BOX_X - 18, y + 14, String(i + 1), tone));
    body.push(text(BOX_X + 12, y + 20, hop.place, { size: 13, weight: 'bold' }));
    const steps = hop.first === hop.last ? `step ${hop.first}` : `steps ${hop.first}–${hop.last}`;
    body.push(text(BOX_X + BOX_W - 12, y + 20, `${kindLabel(hop.kind)} · ${steps}`, { size: 11, anchor: 'end', fill: COLOURS.muted }));
    if (lines.length === 0)
      body.push(text(BOX_X + 12, y + 34 + LINE - 4, 'passed through', { size: 11, fill: COLOURS.muted, italic: true }));
    lines.forEach((line, j) => {
      const bad = line.startsWith('✗');
      body.push(
        text(BOX_X + 12, y + 34 + (j + 1) * LINE - 4, clip(line, CHARS), {
          size: 11,
          mono: true,
          fill: bad ? COLOURS.dropStroke : COLOURS.ink,
        }),
      );
    });
    if (hop.stopped) body.push(cross(BOX_X + BOX_W - 6, y + 2));
    y += height + GAP;
  });
  const ending = endLine(trace);
  const bad = ending.startsWith('✗') || ending.startsWith('?');
  body.push(text(BOX_X, y - GAP + 22, clip(ending, 110), { size: 13, weight: 'bold', fill: bad ? COLOURS.dropStroke : COLOURS.okMark }));
  const height = y - GAP + 36;
  const summary = hops.map((h) => `${h.place}${h.stopped ? ' (stopped here)' : ''}`).join(' → ');
  return svgDocument(
    WIDTH,
    height,
    `node path${direction}: ${ending}`,
    `Places crossed in order: ${summary === '' ? 'none' : summary}.`,
    body,
  );
}
