import { strict as assert } from 'node:assert';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { hookPaths, type Trace } from '@hookpath/engine';
import { parseSnapshot } from '@hookpath/parsers';
import { renderHtml, renderMarkdown, snapshotSummary, traceReport, type ReportDocument } from '@hookpath/report';
import { readSnapshotPath } from '@hookpath/snapshot-io';
import { EXAMPLES, runCli } from './trace-cli-runner';

const SNAPSHOT = join(EXAMPLES, '004-eni-ipvs-rp-filter');
const QUESTION = {
  from: 'pod-10-12-192-44',
  src: '10.12.192.44',
  dst: '10.12.115.101',
  proto: 'tcp',
  sport: 44624,
  dport: 80,
  backend: '10.253.4.194:8000',
  roundTrip: true,
} as const;

describe('hookpath report', () => {
  let dir: string;
  let doc: ReportDocument;
  let file: string;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'hookpath-report-'));
    const run = runCli([
      'trace',
      SNAPSHOT,
      '--from',
      QUESTION.from,
      '--src',
      QUESTION.src,
      '--dst',
      QUESTION.dst,
      '-p',
      'tcp',
      '--sport',
      '44624',
      '--dport',
      '80',
      '--backend',
      QUESTION.backend,
      '--round-trip',
      '--json',
    ]);
    assert.equal(run.status, 0, run.stderr);
    const model = parseSnapshot(await readSnapshotPath(SNAPSHOT)).model;
    doc = traceReport({
      id: 'f3b0c7a2-1d2e-4f5a-9b8c-7d6e5f4a3b2c',
      createdAt: '2026-12-07T10:00:00.000Z',
      expiresAt: '2027-01-06T10:00:00.000Z',
      question: { snapshotId: 'snap', ...QUESTION },
      snapshot: snapshotSummary(model, { id: 'snap', name: '004-eni-ipvs-rp-filter' }),
      trace: JSON.parse(run.stdout) as Trace,
      hookPaths: model.hosts.flatMap((h) => hookPaths(h)),
    });
    file = join(dir, 'report.json');
    writeFileSync(file, JSON.stringify(doc, null, 2));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('renders the JSON as the same Markdown the server gives, on stdout', () => {
    const run = runCli(['report', file]);
    assert.equal(run.status, 0, run.stderr);
    assert.equal(run.stdout, renderMarkdown(doc));
    assert.match(
      run.stdout,
      /^\*\*✗ Not established: request DELIVERED at backend-10-253-4-194; reply DROPPED \(RP_FILTER\) at node-10-12-97-49:eth0\*\*$/m,
    );
  });

  it('--html --out writes the standalone page', () => {
    const out = join(dir, 'report.html');
    const run = runCli(['report', file, '--html', '--out', out]);
    assert.equal(run.status, 0, run.stderr);
    assert.equal(run.stdout, '');
    assert.equal(readFileSync(out, 'utf8'), renderHtml(doc));
  });

  it('exit 2 with the file and the JSON path for a bad document; exit 2 for a missing or non-JSON file', () => {
    const bad = join(dir, 'bad.json');
    const broken = JSON.parse(JSON.stringify(doc)) as { trace: { steps: { kind: string }[] } };
    broken.trace.steps[2]!.kind = 'teleport';
    writeFileSync(bad, JSON.stringify(broken));
    const run = runCli(['report', bad]);
    assert.equal(run.status, 2);
    assert.equal(run.stdout, '');
    assert.match(
      run.stderr,
      new RegExp(
        `^hookpath: ${bad.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: not a hookpath\\.report/v1 document: \\$\\.trace\\.steps\\[2\\]\\.kind: expected one of netfilter, .*, got "teleport"\\n$`,
      ),
    );
    const missing = runCli(['report', join(dir, 'nope.json')]);
    assert.equal(missing.status, 2);
    assert.match(missing.stderr, /nope\.json: cannot read it \(ENOENT\)/);
    writeFileSync(bad, 'not json');
    assert.match(runCli(['report', bad]).stderr, /bad\.json: not JSON/);
    const usage = runCli(['report']);
    assert.equal(usage.status, 2);
    assert.match(usage.stderr, /usage: hookpath report <report\.json> \[--html\] \[--out <file>\]/);
  });
});
