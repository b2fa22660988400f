import { strict as assert } from 'node:assert';
import { before, describe, it } from 'node:test';
import { parseReportDocument, ReportDocumentError } from './parse-report-document';
import type { ReportDocument } from './report-document';
import { EXAMPLE_FLOWS, exampleReport } from './testing/example-reports';

let doc: ReportDocument;
const copy = (): Record<string, unknown> => JSON.parse(JSON.stringify(doc)) as Record<string, unknown>;

function rejects(mutate: (d: Record<string, unknown>) => void, path: string, problem: RegExp): void {
  const d = copy();
  mutate(d);
  assert.throws(
    () => parseReportDocument(d),
    (error: unknown) => {
      assert.ok(error instanceof ReportDocumentError, String(error));
      assert.equal(error.path, path);
      assert.match(error.message, problem);
      return true;
    },
  );
}

describe('parseReportDocument', () => {
  before(async () => {
    doc = await exampleReport(EXAMPLE_FLOWS['004'].example, EXAMPLE_FLOWS['004'].question);
  });

  it('takes back a report written as JSON, unchanged', () => {
    const parsed = parseReportDocument(JSON.parse(JSON.stringify(doc)));
    assert.deepEqual(parsed, JSON.parse(JSON.stringify(doc)));
    assert.equal(parsed.schema, 'hookpath.report/v1');
  });

  it('keeps fields it does not know (v1 may grow)', () => {
    const d = copy();
    d['futureField'] = { x: 1 };
    assert.deepEqual((parseReportDocument(d) as unknown as Record<string, unknown>)['futureField'], { x: 1 });
  });

  it('names the JSON path of the first wrong field', () => {
    rejects((d) => (d['schema'] = 'hookpath.report/v2'), '$.schema', /expected "hookpath\.report\/v1", got "hookpath\.report\/v2"/);
    rejects((d) => delete d['title'], '$.title', /missing \(expected a string\)/);
    rejects((d) => (d['kind'] = 'movie'), '$.kind', /one of trace, batch, diff/);
    rejects((d) => (d['createdAt'] = 'yesterday'), '$.createdAt', /RFC 3339/);
    rejects((d) => ((d['question'] as Record<string, unknown>)['proto'] = 'sctp'), '$.question.proto', /one of tcp, udp, icmp/);
    rejects(
      (d) => ((d['snapshot'] as Record<string, unknown>)['capturedAt'] = 42),
      '$.snapshot.capturedAt',
      /expected a string, got number/,
    );
    rejects(
      (d) => (((d['trace'] as Record<string, unknown>)['steps'] as Record<string, unknown>[])[3]!['kind'] = 'teleport'),
      '$.trace.steps[3].kind',
      /got "teleport"/,
    );
    rejects(
      (d) => ((((d['trace'] as Record<string, unknown>)['reply'] as Record<string, unknown>)['steps'] as unknown[])[0] = 7),
      '$.trace.reply.steps[0]',
      /expected an object, got number/,
    );
    rejects((d) => ((d['hookPaths'] as Record<string, unknown>[])[0]!['hook'] = 'SIDEWAYS'), '$.hookPaths[0].hook', /PREROUTING/);
    rejects((d) => delete d['trace'], '$.trace', /missing/);
    rejects((d) => (d['lacks'] = [{ host: 3, what: 'x' }]), '$.lacks[0].host', /expected a string, got number/);
  });

  it('refuses what is not an object at all', () => {
    assert.throws(() => parseReportDocument([]), /^ReportDocumentError: \$: expected an object, got an array$/m);
    assert.throws(() => parseReportDocument(null), /\$: expected an object, got null/);
  });
});
