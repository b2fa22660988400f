import type { Trace } from '@hookpath/engine';
import { pathsOf } from './branch-text';
import { escapeXml as e } from './escape';
import { hookPathSvg } from './hook-path-svg';
import { packetText } from './packet-text';
import { pathSvg } from './path-svg';
import { pathTree } from './path-tree';
import type { FlowSetQuestion, ReportBatch, ReportDiff, ReportDocument, ReportFlowOutcome, TraceQuestion } from './report-document';
import { batchGroups, pictureHosts, questionLine, snapshotLine, traceView, type DirectionView, type TraceView } from './report-view';
import { reportVerdict } from './verdict';

/**
 * The report as one standalone HTML file: inline CSS (light and dark, and a print stylesheet),
 * the pictures as inline SVG, no scripts, no fonts, no external links; every string from the
 * report is escaped. The sections are the Markdown's, in the same order.
 */

export interface RenderHtmlOptions {
  /** Relative links to the other formats of the same report (the share page offers them). */
  downloads?: { markdown: string; html: string; json: string };
}

const STYLE = `
:root{color-scheme:light dark;--bg:#ffffff;--fg:#111827;--muted:#4b5563;--line:#e5e7eb;--code:#f3f4f6;--ok:#15803d;--bad:#b91c1c;--badbg:#fef2f2;--mark:#eff6ff}
@media (prefers-color-scheme:dark){:root{--bg:#0b1220;--fg:#e5e7eb;--muted:#9ca3af;--line:#1f2937;--code:#111827;--ok:#4ade80;--bad:#f87171;--badbg:#2a1215;--mark:#0f1f3d}}
*{box-sizing:border-box}
body{margin:0;background:var(--bg);color:var(--fg);font:15px/1.5 system-ui,sans-serif}
header,main,footer{max-width:1180px;margin:0 auto;padding:0 24px}
header{padding-top:24px}
h1{font-size:24px;margin:4px 0 8px}
h2{font-size:19px;margin:32px 0 8px;border-bottom:1px solid var(--line);padding-bottom:4px}
h3{font-size:16px;margin:20px 0 6px}
.kicker{color:var(--muted);margin:0;font-size:13px;text-transform:uppercase;letter-spacing:.04em}
.verdict{font-size:17px;font-weight:700;padding:10px 14px;border-radius:8px;margin:8px 0}
.verdict.ok{color:var(--ok);border:1px solid var(--ok)}
.verdict.bad{color:var(--bad);border:1px solid var(--bad);background:var(--badbg)}
.downloads{font-size:14px;margin:8px 0}
.downloads a{color:inherit}
code,pre{font-family:ui-monospace,monospace;font-size:13px}
code{background:var(--code);padding:1px 4px;border-radius:4px}
pre{background:var(--code);padding:10px 12px;border-radius:6px;overflow-x:auto;white-space:pre-wrap;word-break:break-word}
pre code{background:none;padding:0}
dl{display:grid;grid-template-columns:max-content 1fr;gap:4px 16px;margin:0}
dt{color:var(--muted)}
dd{margin:0}
table{border-collapse:collapse;width:100%;font-size:13px;margin:8px 0}
th,td{border:1px solid var(--line);padding:4px 6px;text-align:left;vertical-align:top}
th{background:var(--code)}
td.n{text-align:right;white-space:nowrap}
tr.decisive td{background:var(--badbg);font-weight:600}
tr.shown td{background:var(--mark);font-weight:600}
td.ok{color:var(--ok)}
td.bad{color:var(--bad)}
.explanation{color:var(--muted);font-size:12px}
.diagnosis{border-left:3px solid var(--bad);padding:2px 0 2px 12px;margin:12px 0}
figure{margin:16px 0}
figure svg{max-width:100%;height:auto;border:1px solid var(--line);border-radius:8px}
figcaption{color:var(--muted);font-size:13px}
ul.lacks li{margin:2px 0}
footer{color:var(--muted);font-size:13px;padding-top:24px;padding-bottom:32px}
@media print{
:root{--bg:#ffffff;--fg:#000000;--muted:#444444;--line:#999999;--code:#f5f5f5;--badbg:#fdecec}
body{font-size:11pt}
.downloads{display:none}
header,main,footer{max-width:none;padding:0}
h2{break-after:avoid}
figure,tr,.diagnosis,pre{break-inside:avoid}
table{font-size:9pt}
pre{white-space:pre-wrap}
figure svg{border:none}
}`;

const cell = (text: string): string => `<td>${e(text)}</td>`;
const codeCell = (text: string | null): string => (text === null || text === '' ? '<td></td>' : `<td><code>${e(text)}</code></td>`);
const title = (label: string): string => label.charAt(0).toUpperCase() + label.slice(1);
const pre = (text: string): string => `<pre><code>${e(text)}</code></pre>`;

function stepTable(d: DirectionView): string {
  const head = '<tr><th>#</th><th>host</th><th>step</th><th>hook/stage</th><th>rule</th><th>verdict</th><th>packet after</th></tr>';
  const rows = d.rows.map((row) => {
    const step = `<td>${e(row.kind)}<div class="explanation">${e(row.explanation)}</div></td>`;
    return `<tr${row.decisive ? ' class="decisive"' : ''}><td class="n">${row.number}${row.decisive ? ' ◀' : ''}</td>${cell(row.host)}${step}${cell(row.where)}${codeCell(row.rule)}${cell(row.verdict)}${cell(row.packetAfter)}</tr>`;
  });
  return `<table><thead>${head}</thead><tbody>${rows.join('')}</tbody></table>`;
}

function decisiveSection(view: TraceView): string {
  const parts = ['<section id="decisive"><h2>Decisive step</h2>'];
  const d = view.decisive;
  if (d === null) parts.push('<p>The trace has no steps.</p>');
  else {
    const where =
      d.step.kind === 'netfilter'
        ? `${d.step.hook ?? ''} ${d.step.table ?? ''}/${d.step.chain ?? ''} ${d.step.verdict ?? ''}`.trim()
        : (d.step.stage ?? d.step.kind);
    parts.push(
      `<p><strong>${e(title(d.direction))} step ${d.number} on <code>${e(d.step.host)}</code></strong> (${e(where)}): ${e(d.step.explanation)}</p>`,
    );
    if (d.rule !== null) parts.push(pre(d.rule));
  }
  if (view.diagnoses.length > 0) {
    parts.push('<h3>Diagnosis and fix</h3>');
    for (const g of view.diagnoses) {
      parts.push(
        `<div class="diagnosis"><p><strong>${e(g.code)}</strong> (${e(g.direction)}${g.host === null ? '' : `, on <code>${e(g.host)}</code>`}): ${e(g.message)}</p>${g.fix === null ? '' : pre(g.fix.join('\n'))}</div>`,
      );
    }
  }
  parts.push('</section>');
  return parts.join('\n');
}

function snapshotItems(doc: ReportDocument): string {
  const items: string[] = [];
  if (doc.baseSnapshot !== undefined)
    items.push(`<dt>Base snapshot</dt><dd>${e(snapshotLine(doc.baseSnapshot))} (id <code>${e(doc.baseSnapshot.id)}</code>)</dd>`);
  items.push(
    `<dt>${doc.baseSnapshot === undefined ? 'Snapshot' : 'Target snapshot'}</dt><dd>${e(snapshotLine(doc.snapshot))} (id <code>${e(doc.snapshot.id)}</code>)</dd>`,
  );
  items.push(`<dt>Report</dt><dd><code>${e(doc.id)}</code>, made ${e(doc.createdAt)}, link expires ${e(doc.expiresAt)}</dd>`);
  return items.join('');
}

function pictures(doc: ReportDocument, view: TraceView, from: string): string {
  const parts = ['<section id="pictures"><h2>Pictures</h2>'];
  for (const d of view.directions) {
    parts.push(
      `<figure>${pathSvg(d.trace, { direction: d.label, ...(d.label === 'request' ? { from } : {}) })}<figcaption>${e(title(d.label))}: the places the packet crossed, in order.</figcaption></figure>`,
    );
    for (const host of pictureHosts(d.trace)) {
      parts.push(
        `<figure>${hookPathSvg({ host, hookPaths: doc.hookPaths, steps: d.trace.steps, direction: d.label, outcome: d.trace.disposition })}<figcaption>${e(title(d.label))} on ${e(host)}: the netfilter hooks it passed, numbered in order.</figcaption></figure>`,
      );
    }
  }
  parts.push('</section>');
  return parts.join('\n');
}

/** Where the outcome depends on choices the snapshot does not fix: every path, the one shown marked. */
function pathsSection(trace: Trace): string {
  const paths = pathsOf(trace);
  if (paths === null) return '';
  const rows = paths.rows.map(
    (r) =>
      `<tr${r.shown ? ' class="shown"' : ''}><td class="n">${r.number}${r.shown ? ' ◀' : ''}</td><td class="n">${e(r.probability)}</td><td><code>${e(r.choices)}</code></td><td class="${r.tone === 'ok' ? 'ok' : r.tone === 'bad' ? 'bad' : ''}">${e(r.outcome)}</td></tr>`,
  );
  return `<section id="paths"><h2>Paths</h2><p>${e(paths.summary)}. The steps below follow the path marked ◀ (the most likely).</p><table><thead><tr><th>#</th><th>probability</th><th>choices</th><th>ends</th></tr></thead><tbody>${rows.join('')}</tbody></table></section>`;
}

function traceSections(doc: ReportDocument, trace: Trace, q: TraceQuestion): string {
  const view = traceView(trace);
  const parts = [
    `<section id="packet"><h2>Packet and snapshot</h2><dl><dt>Packet</dt><dd><code>${e(questionLine(q))}</code></dd>${snapshotItems(doc)}</dl></section>`,
  ];
  parts.push(pathsSection(trace));
  parts.push(decisiveSection(view));
  parts.push('<section id="steps"><h2>Steps</h2>');
  for (const d of view.directions) parts.push(`<h3>${e(title(d.label))}: ${e(packetText(d.trace.packet))}</h3>`, stepTable(d));
  parts.push('</section>');
  parts.push('<section id="path"><h2>Path</h2>');
  for (const d of view.directions) parts.push(`<h3>${e(title(d.label))}</h3>`, pre(pathTree(d.trace)));
  if (trace.roundTrip !== undefined) {
    parts.push(`<p>Round trip: ${e(trace.roundTrip.summary)}</p>`);
    if (trace.roundTrip.findings.length > 0)
      parts.push(
        `<ul>${trace.roundTrip.findings.map((f) => `<li><strong>${e(f.code)}</strong>${f.host === null ? '' : ` on <code>${e(f.host)}</code>`}: ${e(f.message)}</li>`).join('')}</ul>`,
      );
  }
  parts.push('</section>', pictures(doc, view, q.from));
  return parts.join('\n');
}

function flowSetItem(q: FlowSetQuestion): string {
  const parts = [`${q.flows} listed flow${q.flows === 1 ? '' : 's'}`];
  if (q.generators.length > 0) parts.push(`generators ${q.generators.join(', ')}`);
  if (q.expect !== undefined)
    parts.push(`expect ${q.expect}${q.branches === undefined ? '' : q.branches === 'any' ? ' on any branch' : ' on every branch'}`);
  if (q.roundTrip === true) parts.push('round trips');
  return `<dt>Request</dt><dd>${e(parts.join('; '))}</dd>`;
}

function batchSections(doc: ReportDocument, b: ReportBatch, q: FlowSetQuestion): string {
  const x = b.summary.expectations;
  const parts = [`<section id="packet"><h2>Flows and snapshot</h2><dl>${flowSetItem(q)}${snapshotItems(doc)}</dl>`];
  parts.push(
    `<p><strong>${b.summary.total}</strong> flows traced; expectations: ${x.passed} passed, ${x.failed} failed, ${x.unchecked} unchecked.</p>`,
  );
  const counts = Object.entries(b.summary.byDisposition).sort(([a], [c]) => (a < c ? -1 : a > c ? 1 : 0));
  parts.push(
    `<table><thead><tr><th>disposition</th><th>flows</th></tr></thead><tbody>${counts.map(([k, v]) => `<tr>${cell(k)}<td class="n">${v}</td></tr>`).join('')}</tbody></table></section>`,
  );
  parts.push('<section id="failed"><h2>Failed flows by cause</h2>');
  if (b.flows.length === 0) parts.push('<p>Every flow got through.</p>');
  for (const group of batchGroups(b.flows)) {
    parts.push(`<h3>${e(group.cause)} (${group.flows.length} flow${group.flows.length === 1 ? '' : 's'})</h3>`);
    const rows = group.flows.map((f) => {
      const outcome =
        f.error ??
        `${f.disposition ?? '?'}${f.dropReason === null ? '' : ` (${f.dropReason})`}${f.endHost === null ? '' : ` at ${f.endHost}`}`;
      const decisive =
        f.decisive === null
          ? ''
          : `${f.decisive.direction} step ${f.decisive.number} on ${f.decisive.step.host}: ${f.decisive.step.explanation}`;
      return `<tr><td class="n">${f.index}</td>${cell(f.label ?? '')}${cell(questionLine(f.flow))}${cell(f.expect ?? '')}${cell(outcome)}${cell(decisive)}</tr>`;
    });
    parts.push(
      `<table><thead><tr><th>#</th><th>label</th><th>flow</th><th>expected</th><th>outcome</th><th>decisive step</th></tr></thead><tbody>${rows.join('')}</tbody></table>`,
    );
    const fixes = [...new Set(group.flows.flatMap((f) => f.fixes))];
    if (fixes.length > 0) parts.push(pre(fixes.join('\n')));
  }
  if (b.flowsOmitted > 0) parts.push(`<p>${b.flowsOmitted} more flow${b.flowsOmitted === 1 ? '' : 's'} of the same kind not listed.</p>`);
  parts.push('</section>');
  return parts.join('\n');
}

const outcomeText = (o: ReportFlowOutcome): string =>
  o.error ??
  `${o.disposition ?? '?'}${o.dropReason === null ? '' : ` (${o.dropReason})`}${o.endHost === null ? '' : ` at ${o.endHost}`}${o.reply === undefined ? '' : `; reply ${o.reply.disposition}${o.reply.dropReason === null ? '' : ` (${o.reply.dropReason})`}`}`;

function diffSections(doc: ReportDocument, d: ReportDiff, q: FlowSetQuestion): string {
  const parts = [
    `<section id="packet"><h2>Snapshots and flows</h2><dl>${snapshotItems(doc)}${flowSetItem(q)}</dl></section>`,
    '<section id="structural"><h2>Structural changes</h2>',
  ];
  const hosts = [
    d.hosts.added.length > 0 ? `added ${d.hosts.added.join(', ')}` : null,
    d.hosts.removed.length > 0 ? `removed ${d.hosts.removed.join(', ')}` : null,
    d.hosts.changed.length > 0 ? `changed ${d.hosts.changed.join(', ')}` : null,
  ].filter((h): h is string => h !== null);
  parts.push(`<p>Hosts: ${e(hosts.length === 0 ? 'none differ' : hosts.join('; '))}.</p>`);
  if (d.changes.length > 0) {
    const rows = d.changes.map(
      (c) => `<tr>${cell(c.kind)}${cell(c.host ?? '')}${cell(c.where)}${codeCell(c.before)}${codeCell(c.after)}</tr>`,
    );
    parts.push(
      `<table><thead><tr><th>change</th><th>host</th><th>where</th><th>before</th><th>after</th></tr></thead><tbody>${rows.join('')}</tbody></table>`,
    );
  }
  if (d.changesOmitted > 0) parts.push(`<p>${d.changesOmitted} more change${d.changesOmitted === 1 ? '' : 's'} not listed.</p>`);
  parts.push(
    '</section>',
    `<section id="changed"><h2>Changed flows by cause</h2><p>${d.totals.changed} of ${d.totals.flows} flows changed (${d.totals.unchanged} unchanged).</p>`,
  );
  for (const g of d.groups) {
    parts.push(
      `<h3>${e(g.cause.kind)}${g.cause.host === '' ? '' : ` on ${e(g.cause.host)}`}: ${e(g.cause.description)} (${g.count} flow${g.count === 1 ? '' : 's'})</h3>`,
    );
    if (g.cause.base !== null) parts.push(`<p>Base: <code>${e(g.cause.base)}</code></p>`);
    if (g.cause.target !== null) parts.push(`<p>Target: <code>${e(g.cause.target)}</code></p>`);
    const rows = g.flows.map(
      (f) =>
        `<tr><td class="n">${f.index}</td>${cell(f.label ?? '')}${cell(`${packetText(f.packet)} from ${f.from}`)}${cell(f.changes.join(', '))}${cell(outcomeText(f.base))}${cell(outcomeText(f.target))}</tr>`,
    );
    parts.push(
      `<table><thead><tr><th>#</th><th>label</th><th>flow</th><th>changes</th><th>base</th><th>target</th></tr></thead><tbody>${rows.join('')}</tbody></table>`,
    );
  }
  if (d.flowsOmitted > 0) parts.push(`<p>${d.flowsOmitted} more changed flow${d.flowsOmitted === 1 ? '' : 's'} not listed.</p>`);
  parts.push('</section>');
  return parts.join('\n');
}

function kindSections(doc: ReportDocument): string {
  switch (doc.kind) {
    case 'trace':
      return doc.trace === undefined ? '' : traceSections(doc, doc.trace, doc.question as TraceQuestion);
    case 'batch':
      return doc.batch === undefined ? '' : batchSections(doc, doc.batch, doc.question as FlowSetQuestion);
    case 'diff':
      return doc.diff === undefined ? '' : diffSections(doc, doc.diff, doc.question as FlowSetQuestion);
  }
}

/** A link to another format must stay on the same site (a path, not a URL with a scheme or host). */
function relative(href: string): string {
  if (/^[a-z][a-z0-9+.-]*:/i.test(href) || href.startsWith('//') || href.startsWith('\\'))
    throw new Error(`download link ${JSON.stringify(href)} is not relative`);
  return href;
}

export function renderHtml(doc: ReportDocument, options: RenderHtmlOptions = {}): string {
  const verdict = reportVerdict(doc);
  const good = verdict.startsWith('✓');
  const downloads =
    options.downloads === undefined
      ? ''
      : `<nav class="downloads" aria-label="Downloads">Download <a href="${e(relative(options.downloads.markdown))}" download>Markdown</a> · <a href="${e(relative(options.downloads.html))}" download>HTML</a> · <a href="${e(relative(options.downloads.json))}" download>JSON</a></nav>`;
  const lacks =
    doc.lacks.length === 0
      ? '<p>Nothing this answer depends on.</p>'
      : `<ul class="lacks">${doc.lacks.map((l) => `<li>${l.host === null ? '' : `<code>${e(l.host)}</code>: `}${e(l.what)}</li>`).join('')}</ul>`;
  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<meta name="robots" content="noindex, nofollow">',
    '<meta name="referrer" content="no-referrer">',
    `<title>${e(doc.title)} · hookpath report</title>`,
    `<style>${STYLE}</style>`,
    '</head>',
    '<body>',
    `<header><p class="kicker">hookpath report · ${e(doc.kind)}</p><h1>${e(doc.title)}</h1><p class="verdict ${good ? 'ok' : 'bad'}">${e(verdict)}</p>${downloads}</header>`,
    '<main>',
    kindSections(doc),
    `<section id="lacks"><h2>What the snapshot lacked</h2>${lacks}</section>`,
    `<section id="rerun"><h2>Re-run</h2>${pre(doc.command)}</section>`,
    '</main>',
    `<footer>Frozen at ${e(doc.createdAt)} (${e(doc.schema)}). Anyone holding the link can read this report until ${e(doc.expiresAt)}.</footer>`,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
