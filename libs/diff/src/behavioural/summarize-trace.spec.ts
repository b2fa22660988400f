import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { compileSnapshot, simulateCompiled } from '@hookpath/engine';
import { loadExample } from '../testing/models';
import { compareOutcomes, summarizeTrace } from './summarize-trace';

describe('summarizeTrace', () => {
  const compiled = compileSnapshot(loadExample('000-vpc-nat-gw-eip'));
  const trace = simulateCompiled(
    compiled,
    { from: 'vm-13-13-0-4', packet: { src: '13.13.0.4', dst: '192.169.100.1', proto: 'icmp', icmpId: 7 } },
    { roundTrip: true },
  );
  const summary = summarizeTrace(trace);

  it('keeps the fate, the end point and header, the diagnoses and a compact path, for both directions', () => {
    assert.deepEqual(
      { ...summary, path: undefined, reply: undefined },
      {
        disposition: 'DELIVERED',
        dropReason: null,
        endHost: 'external-gw',
        endIface: null,
        src: '192.169.100.2',
        dst: '192.169.100.1',
        sport: 0,
        dport: 0,
        diagnosis: [],
        path: undefined,
        reply: undefined,
        roundTrip: { established: true, summary: 'established: the reply 192.169.100.1 -> 13.13.0.4 is back at vm-13-13-0-4' },
      },
    );
    assert.match(
      summary.path,
      /^@vm-13-13-0-4 R>eth0 I:eth0 @subnet-skwgfk6s .* @vpc-iwm2hkn4 .* @subnet-skwgfk6s .* @vpc-nat-gw-eip-p7cs4r5y-0 I:eth0 PRE\.nat\.PREROUTING#\w+:JUMP .* POST\.nat\.EXCLUSIVE_SNAT#\w+:SNAT I:net1 @external-gw I:eth0 R>eth0 D$/,
    );
    assert.equal(summary.reply?.disposition, 'DELIVERED');
    assert.match(summary.reply?.path ?? '', /I:net1 CT\.PRE\.nat R>eth0/);
    assert.equal(summary.reply?.reply, undefined);
  });

  it('is plain JSON data, much smaller than the trace', () => {
    assert.deepEqual(JSON.parse(JSON.stringify(summary)), summary);
    assert.ok(JSON.stringify(summary).length * 4 < JSON.stringify(trace).length);
  });

  it('compareOutcomes: equal summaries do not differ; each kind of difference is named', () => {
    assert.deepEqual(compareOutcomes(summary, structuredClone(summary)), []);
    assert.deepEqual(compareOutcomes(summary, { ...summary, src: '13.13.0.4' }), ['translation']);
    assert.deepEqual(compareOutcomes(summary, { ...summary, path: `${summary.path} X` }), ['path']);
    assert.deepEqual(compareOutcomes(summary, { ...summary, reply: undefined }), ['disposition', 'path', 'translation']);
    assert.deepEqual(compareOutcomes(summary, { error: 'UNKNOWN_HOST', message: 'no host' }), ['disposition', 'path', 'translation']);
  });
});
