import type { VisibleGraph } from './aggregate';
import { pathOf, shortLabel, type Layout } from './elk-graph';
import type { ResolvedHighlight } from './highlight';

const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

const FILL: Record<string, string> = {
  host: '#f3f6fb',
  iface: '#ffffff',
  bridge: '#eef7ee',
  segment: '#fff7e0',
  vpc: '#f5f0fb',
  router: '#ffffff',
  switch: '#f8f4ff',
  lsp: '#ffffff',
  aggregate: '#eceff3',
};

const STYLE = `
text { font: 12px system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif; fill: #16181d; }
text.detail { font-size: 11px; fill: #5b6270; }
text.step { font-size: 11px; font-weight: 700; fill: #16181d; }
rect.node { stroke: #98a2b3; stroke-width: 1; }
rect.lit { stroke: #c28a00; stroke-width: 3; }
rect.drop { stroke: #b3261e; stroke-width: 3; fill: #fde8e6; }
path.edge { fill: none; stroke: #8a94a6; stroke-width: 1.2; }
path.edge-binding, path.edge-master { stroke-dasharray: 5 3; }
path.edge-parent { stroke-dasharray: 2 3; }
path.edge-patch, path.edge-peer { stroke: #7a52b3; }
path.lit { stroke: #e0a100; stroke-width: 3.5; stroke-dasharray: none; }
`;

/**
 * The topology as a standalone SVG file, drawn from the computed layout (not from the page), so it
 * keeps its text and colours wherever it is opened.
 */
export function topologySvg(graph: VisibleGraph, layout: Layout, highlight: ResolvedHighlight, title: string): string {
  const parents = new Set(graph.nodes.map((n) => n.parent).filter((p): p is string => p !== undefined));
  const depth = (id: string) => {
    let d = 0;
    for (let p = graph.nodes.find((n) => n.id === id)?.parent; p !== undefined; p = graph.nodes.find((n) => n.id === p)?.parent) d++;
    return d;
  };
  const ordered = [...graph.nodes].map((n) => ({ n, d: depth(n.id) })).sort((a, b) => a.d - b.d || (a.n.id < b.n.id ? -1 : 1));
  const out: string[] = [];
  const w = Math.ceil(layout.width) + 20;
  const h = Math.ceil(layout.height) + 40;
  out.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}" viewBox="-10 -30 ${w} ${h}">`);
  out.push(`<title>${escape(title)}</title><style>${STYLE}</style>`);
  out.push(`<rect x="-10" y="-30" width="${w}" height="${h}" fill="#ffffff"/>`);
  out.push(`<text x="0" y="-12">${escape(title)}</text>`);
  for (const { n } of ordered) {
    const b = layout.boxes[n.id];
    if (b === undefined) continue;
    const cls = ['node', highlight.steps.has(n.id) ? 'lit' : '', highlight.drop === n.id ? 'drop' : ''].filter((c) => c !== '').join(' ');
    out.push(`<g data-id="${escape(n.id)}">`);
    out.push(
      `<rect class="${cls}" x="${b.ax}" y="${b.ay}" width="${b.width}" height="${b.height}" rx="${n.kind === 'segment' ? 13 : 4}" fill="${FILL[n.kind] ?? '#fff'}"/>`,
    );
    out.push(`<text x="${b.ax + 8}" y="${b.ay + 17}">${escape(shortLabel(n.label))}</text>`);
    if (n.detail !== undefined && !parents.has(n.id))
      out.push(`<text class="detail" x="${b.ax + 8}" y="${b.ay + 32}">${escape(shortLabel(n.detail))}</text>`);
    const steps = highlight.steps.get(n.id);
    if (steps !== undefined)
      out.push(`<text class="step" x="${b.ax + b.width - 4}" y="${b.ay - 3}" text-anchor="end">${escape(steps.join(','))}</text>`);
    if (highlight.drop === n.id)
      out.push(`<text class="step" x="${b.ax + b.width - 4}" y="${b.ay + 14}" text-anchor="end" fill="#b3261e">✗</text>`);
    out.push('</g>');
  }
  for (const e of graph.edges) {
    const points = layout.routes[e.id];
    if (points === undefined || points.length < 4) continue;
    out.push(`<path class="edge edge-${e.kind}${highlight.litEdges.has(e.id) ? ' lit' : ''}" d="${pathOf(points)}"/>`);
  }
  for (const [a, b] of highlight.jumps) {
    const from = layout.boxes[a];
    const to = layout.boxes[b];
    if (from === undefined || to === undefined) continue;
    out.push(
      `<path class="edge lit" d="${pathOf([from.ax + from.width / 2, from.ay + from.height / 2, to.ax + to.width / 2, to.ay + to.height / 2])}"/>`,
    );
  }
  out.push('</svg>');
  return out.join('\n');
}
