import type { Trace } from '@hookpath/engine';
import { pathsOf } from './branch-text';
import { cellCode, escapeMarkdownCell, fencedBlock, inlineCode } from './escape';
import { packetText } from './packet-text';
import { pathTree } from './path-tree';
import type { FlowSetQuestion, ReportBatch, ReportDiff, ReportDocument, ReportFlowOutcome, TraceQuestion } from './report-document';
import { batchGroups, questionLine, snapshotLine, traceView, type DirectionView, type TraceView } from './report-view';
import { reportVerdict } from './verdict';

/**
 * The report as Markdown that pastes cleanly into GitHub, GitLab and chat: the verdict, the packet
 * and the snapshot, the decisive step with its rule and the fix, the step table, the path as a
 * tree, what the snapshot lacked, and the command that re-runs it.
 */

const cell = (text: string): string => (text === '' ? '' : escapeMarkdownCell(text));
const codeCell = (text: string | null): string => (text === null || text === '' ? '' : cellCode(text));
const title = (label: string): string => label.charAt(0).toUpperCase() + label.slice(1);

function stepTable(d: DirectionView): string[] {
  const out = ['| # | host | step | hook/stage | rule | verdict | packet after |', '|---:|---|---|---|---|---|---|'];
  for (const row of d.rows) {
    const number = row.decisive ? `**${row.number}** ◀` : String(row.number);
    const step = row.kind === 'netfilter' ? row.kind : `${row.kind}: ${row.explanation}`;
    out.push(
      `| ${number} | ${cell(row.host)} | ${cell(step)} | ${cell(row.where)} | ${codeCell(row.rule)} | ${cell(row.verdict)} | ${cell(row.packetAfter)} |`,
    );
  }
  return out;
}

function decisiveSection(view: TraceView): string[] {
  const out = ['## Decisive step', ''];
  const d = view.decisive;
  if (d === null) out.push('The trace has no steps.');
  else {
    const where =
      d.step.kind === 'netfilter'
        ? `${d.step.hook ?? ''} ${d.step.table ?? ''}/${d.step.chain ?? ''} ${d.step.verdict ?? ''}`.trim()
        : (d.step.stage ?? d.step.kind);
    out.push(`**${title(d.direction)} step ${d.number} on ${inlineCode(d.step.host)}** (${where}): ${d.step.explanation}`);
    if (d.rule !== null) out.push('', fencedBlock(d.rule, 'text'));
  }
  if (view.diagnoses.length > 0) {
    out.push('', '### Diagnosis and fix');
    for (const g of view.diagnoses) {
      out.push('', `**${g.code}** (${g.direction}${g.host === null ? '' : `, on ${inlineCode(g.host)}`}): ${g.message}`);
      if (g.fix !== null) out.push('', fencedBlock(g.fix.join('\n'), 'sh'));
    }
  }
  return out;
}

/** Where the outcome depends on choices the snapshot does not fix: every path, the one shown marked. */
function pathsSection(trace: Trace): string[] {
  const paths = pathsOf(trace);
  if (paths === null) return [];
  const out = ['', '## Paths', '', `${paths.summary}. The steps below follow the path marked ◀ (the most likely).`, ''];
  out.push('| # | probability | choices | ends |', '|---:|---:|---|---|');
  for (const r of paths.rows)
    out.push(`| ${r.shown ? `**${r.number}** ◀` : r.number} | ${r.probability} | ${cell(r.choices)} | ${cell(r.outcome)} |`);
  return out;
}

function traceSections(doc: ReportDocument, trace: Trace, q: TraceQuestion): string[] {
  const view = traceView(trace);
  const out: string[] = [];
  out.push('## Packet and snapshot', '');
  out.push(`- **Packet:** ${inlineCode(questionLine(q))}`);
  out.push(...snapshotItems(doc));
  out.push(...pathsSection(trace));
  out.push('', ...decisiveSection(view), '', '## Steps');
  for (const d of view.directions) out.push('', `### ${title(d.label)}: ${packetText(d.trace.packet)}`, '', ...stepTable(d));
  out.push('', '## Path');
  for (const d of view.directions) out.push('', `${title(d.label)}:`, '', fencedBlock(pathTree(d.trace), 'text'));
  if (trace.roundTrip !== undefined) {
    out.push('', `Round trip: ${trace.roundTrip.summary}`);
    for (const f of trace.roundTrip.findings)
      out.push(`- **${f.code}**${f.host === null ? '' : ` on ${inlineCode(f.host)}`}: ${f.message}`);
  }
  return out;
}

function snapshotItems(doc: ReportDocument): string[] {
  const items: string[] = [];
  if (doc.baseSnapshot !== undefined)
    items.push(`- **Base snapshot:** ${snapshotLine(doc.baseSnapshot)} (id ${inlineCode(doc.baseSnapshot.id)})`);
  items.push(
    `- **${doc.baseSnapshot === undefined ? 'Snapshot' : 'Target snapshot'}:** ${snapshotLine(doc.snapshot)} (id ${inlineCode(doc.snapshot.id)})`,
  );
  items.push(`- **Report:** ${inlineCode(doc.id)}, made ${doc.createdAt}, link expires ${doc.expiresAt}`);
  return items;
}

function flowSetItems(q: FlowSetQuestion): string[] {
  const parts = [`${q.flows} listed flow${q.flows === 1 ? '' : 's'}`];
  if (q.generators.length > 0) parts.push(`generators ${q.generators.join(', ')}`);
  if (q.expect !== undefined)
    parts.push(`expect ${q.expect}${q.branches === undefined ? '' : q.branches === 'any' ? ' on any branch' : ' on every branch'}`);
  if (q.roundTrip === true) parts.push('round trips');
  return [`- **Request:** ${parts.join('; ')}`];
}

function batchSections(doc: ReportDocument, b: ReportBatch, q: FlowSetQuestion): string[] {
  const out = ['## Flows and snapshot', '', ...flowSetItems(q), ...snapshotItems(doc), ''];
  const e = b.summary.expectations;
  out.push(`**${b.summary.total}** flows traced; expectations: ${e.passed} passed, ${e.failed} failed, ${e.unchecked} unchecked.`, '');
  out.push('| disposition | flows |', '|---|---:|');
  for (const [disposition, count] of Object.entries(b.summary.byDisposition).sort(([a], [c]) => (a < c ? -1 : a > c ? 1 : 0)))
    out.push(`| ${cell(disposition)} | ${count} |`);
  out.push('', '## Failed flows by cause');
  if (b.flows.length === 0) out.push('', 'Every flow got through.');
  for (const group of batchGroups(b.flows)) {
    out.push('', `### ${cell(group.cause)} (${group.flows.length} flow${group.flows.length === 1 ? '' : 's'})`, '');
    out.push('| # | label | flow | expected | outcome | decisive step |', '|---:|---|---|---|---|---|');
    for (const f of group.flows) {
      const outcome =
        f.error ??
        `${f.disposition ?? '?'}${f.dropReason === null ? '' : ` (${f.dropReason})`}${f.endHost === null ? '' : ` at ${f.endHost}`}`;
      const decisive =
        f.decisive === null
          ? ''
          : `${f.decisive.direction} step ${f.decisive.number} on ${f.decisive.step.host}: ${f.decisive.step.explanation}`;
      out.push(
        `| ${f.index} | ${cell(f.label ?? '')} | ${cell(questionLine(f.flow))} | ${cell(f.expect ?? '')} | ${cell(outcome)} | ${cell(decisive)} |`,
      );
    }
    const fixes = [...new Set(group.flows.flatMap((f) => f.fixes))];
    if (fixes.length > 0) out.push('', fencedBlock(fixes.join('\n'), 'sh'));
  }
  if (b.flowsOmitted > 0) out.push('', `${b.flowsOmitted} more flow${b.flowsOmitted === 1 ? '' : 's'} of the same kind not listed.`);
  return out;
}

const outcomeText = (o: ReportFlowOutcome): string =>
  o.error ??
  `${o.disposition ?? '?'}${o.dropReason === null ? '' : ` (${o.dropReason})`}${o.endHost === null ? '' : ` at ${o.endHost}`}${o.reply === undefined ? '' : `; reply ${o.reply.disposition}${o.reply.dropReason === null ? '' : ` (${o.reply.dropReason})`}`}`;

function diffSections(doc: ReportDocument, d: ReportDiff, q: FlowSetQuestion): string[] {
  const out = ['## Snapshots and flows', '', ...snapshotItems(doc), ...flowSetItems(q), '', '## Structural changes', ''];
  const hosts = [
    d.hosts.added.length > 0 ? `added ${d.hosts.added.join(', ')}` : null,
    d.hosts.removed.length > 0 ? `removed ${d.hosts.removed.join(', ')}` : null,
    d.hosts.changed.length > 0 ? `changed ${d.hosts.changed.join(', ')}` : null,
  ].filter((h): h is string => h !== null);
  out.push(`Hosts: ${hosts.length === 0 ? 'none differ' : hosts.join('; ')}.`);
  if (d.changes.length > 0) {
    out.push('', '| change | host | where | before | after |', '|---|---|---|---|---|');
    for (const c of d.changes)
      out.push(`| ${cell(c.kind)} | ${cell(c.host ?? '')} | ${cell(c.where)} | ${codeCell(c.before)} | ${codeCell(c.after)} |`);
  }
  if (d.changesOmitted > 0) out.push('', `${d.changesOmitted} more change${d.changesOmitted === 1 ? '' : 's'} not listed.`);
  out.push(
    '',
    '## Changed flows by cause',
    '',
    `${d.totals.changed} of ${d.totals.flows} flows changed (${d.totals.unchanged} unchanged).`,
  );
  for (const g of d.groups) {
    out.push(
      '',
      `### ${cell(g.cause.kind)}${g.cause.host === '' ? '' : ` on ${cell(g.cause.host)}`}: ${cell(g.cause.description)} (${g.count} flow${g.count === 1 ? '' : 's'})`,
    );
    if (g.cause.base !== null) out.push('', `Base: ${inlineCode(g.cause.base)}`);
    if (g.cause.target !== null) out.push('', `Target: ${inlineCode(g.cause.target)}`);
    out.push('', '| # | label | flow | changes | base | target |', '|---:|---|---|---|---|---|');
    for (const f of g.flows)
      out.push(
        `| ${f.index} | ${cell(f.label ?? '')} | ${cell(`${packetText(f.packet)} from ${f.from}`)} | ${cell(f.changes.join(', '))} | ${cell(outcomeText(f.base))} | ${cell(outcomeText(f.target))} |`,
      );
  }
  if (d.flowsOmitted > 0) out.push('', `${d.flowsOmitted} more changed flow${d.flowsOmitted === 1 ? '' : 's'} not listed.`);
  return out;
}

function kindSections(doc: ReportDocument): string[] {
  switch (doc.kind) {
    case 'trace':
      return doc.trace === undefined ? [] : traceSections(doc, doc.trace, doc.question as TraceQuestion);
    case 'batch':
      return doc.batch === undefined ? [] : batchSections(doc, doc.batch, doc.question as FlowSetQuestion);
    case 'diff':
      return doc.diff === undefined ? [] : diffSections(doc, doc.diff, doc.question as FlowSetQuestion);
  }
}

export function renderMarkdown(doc: ReportDocument): string {
  const out = [
    `# ${doc.title.replace(/\r?\n/g, ' ')}`,
    '',
    `**${reportVerdict(doc)}**`,
    '',
    ...kindSections(doc),
    '',
    '## What the snapshot lacked',
    '',
  ];
  if (doc.lacks.length === 0) out.push('Nothing this answer depends on.');
  for (const lack of doc.lacks) out.push(`- ${lack.host === null ? '' : `${inlineCode(lack.host)}: `}${lack.what}`);
  out.push('', '## Re-run', '', fencedBlock(doc.command, 'sh'), '');
  return out.join('\n');
}
