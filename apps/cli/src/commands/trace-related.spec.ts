import { strict as assert } from 'node:assert';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { EXAMPLES, runCli } from './trace-cli-runner';

const REJECT =
  '-A KUBE-SERVICES -d 10.96.0.11/32 -p tcp -m comment --comment "default/empty:http has no endpoints" -m tcp --dport 80 -j REJECT --reject-with icmp-port-unreachable';

/** Seed 003 with kube-proxy's REJECT for a Service without endpoints (in FORWARD on node-1). */
function seedWithReject(): string {
  const dir = mkdtempSync(join(tmpdir(), 'hookpath-related-'));
  cpSync(join(EXAMPLES, '003-br-netfilter-fixed'), dir, { recursive: true });
  const file = join(dir, 'hosts', 'node-1', 'iptables-save.txt');
  const text = readFileSync(file, 'utf8').replace(
    /(\n:KUBE-SERVICES - \[0:0\]\n)([\s\S]*?)(\nCOMMIT)/,
    (_m, head: string, body: string, tail: string) => `${head}${body}\n${REJECT}${tail}`,
  );
  writeFileSync(file, text);
  return dir;
}

const CALL = [
  '--from',
  'pod-a',
  '--src',
  '10.244.0.2',
  '--dst',
  '10.96.0.11',
  '-p',
  'tcp',
  '--sport',
  '40000',
  '--dport',
  '80',
  '--round-trip',
];

describe('hookpath trace --round-trip: the ICMP error of a REJECT comes back', () => {
  const snapshot = seedWithReject();
  after(() => rmSync(snapshot, { recursive: true, force: true }));

  it("the text output shows the reply's ICMP type, code and quoted header, where it starts and where it ends", () => {
    const run = runCli(['trace', snapshot, ...CALL]);
    assert.equal(run.status, 0, run.stderr);
    assert.match(
      run.stdout,
      /^reply icmp 10\.244\.0\.1 → 10\.244\.0\.2 type 3 code 3, quoting tcp 10\.244\.0\.2:40000 → 10\.96\.0\.11:80$/m,
    );
    assert.match(
      run.stdout,
      /result DELIVERED at pod-a, packet 10\.244\.0\.1 → 10\.244\.0\.2 ttl 64 type 3 code 3, quoting tcp 10\.244\.0\.2:40000 → 10\.96\.0\.11:80/,
    );
    assert.match(run.stdout, /round trip not established: the request ended REJECTED at node-1; its ICMP type 3 code 3 from 10\.244\.0\.1/);
  });

  it('--json carries icmpType, icmpCode and inner on the reply packet, its steps and its end', () => {
    const run = runCli(['trace', snapshot, ...CALL, '--json']);
    assert.equal(run.status, 0, run.stderr);
    const doc = JSON.parse(run.stdout) as {
      reply: {
        packet: Record<string, unknown>;
        steps: { packetAfter?: Record<string, unknown> }[];
        end: { packet: Record<string, unknown> };
        conntrack: { state: string };
      };
    };
    const inner = { proto: 'tcp', src: '10.244.0.2', dst: '10.96.0.11', sport: 40000, dport: 80 };
    assert.deepEqual(doc.reply.packet, { src: '10.244.0.1', dst: '10.244.0.2', proto: 'icmp', icmpType: 3, icmpCode: 3, inner });
    assert.deepEqual([doc.reply.end.packet.icmpType, doc.reply.end.packet.icmpCode, doc.reply.end.packet.inner], [3, 3, inner]);
    assert.ok(doc.reply.steps.every((s) => s.packetAfter === undefined || s.packetAfter.icmpType === 3));
    assert.equal(doc.reply.conntrack.state, 'RELATED');
  });
});
