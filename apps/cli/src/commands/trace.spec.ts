import { strict as assert } from 'node:assert';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { describe, it } from 'node:test';
import { EXAMPLES, runCli } from './trace-cli-runner';

const SEED000 = join(EXAMPLES, '000-vpc-nat-gw-eip');
const RUNNING_PING = ['--from', 'vm-13-13-0-4', '--src', '13.13.0.4', '--dst', '192.169.100.1', '-p', 'icmp', '--icmp-id', '27281'];
const DISPOSITIONS = ['DELIVERED', 'EXITED', 'DROPPED', 'REJECTED', 'UNKNOWN'];
const KINDS = ['netfilter', 'conntrack', 'routing', 'rp_filter', 'bridge', 'ipvs', 'ovn', 'interface', 'deliver', 'drop'];
const HOOKS = ['PREROUTING', 'INPUT', 'FORWARD', 'OUTPUT', 'POSTROUTING'];

/** The fields TRACE-CONTRACT.md promises, checked on one trace document. */
function assertTraceDocument(doc: Record<string, unknown>): void {
  const packet = doc.packet as Record<string, unknown>;
  assert.equal(typeof packet.src, 'string');
  assert.equal(typeof packet.dst, 'string');
  assert.ok(['tcp', 'udp', 'icmp'].includes(packet.proto as string));
  assert.ok(DISPOSITIONS.includes(doc.disposition as string), `disposition ${String(doc.disposition)}`);
  assert.ok('dropReason' in doc, 'dropReason is always present');
  if (doc.disposition === 'DROPPED') assert.equal(typeof doc.dropReason, 'string');
  assert.ok(Array.isArray(doc.steps) && doc.steps.length > 0, 'steps');
  for (const step of doc.steps as Record<string, unknown>[]) {
    assert.equal(typeof step.host, 'string');
    assert.ok(KINDS.includes(step.kind as string), `kind ${String(step.kind)}`);
    assert.equal(typeof step.explanation, 'string');
    if (step.kind === 'netfilter') {
      assert.ok(HOOKS.includes(step.hook as string), `hook ${String(step.hook)}`);
      assert.equal(typeof step.priority, 'number');
      assert.equal(typeof step.table, 'string');
      assert.equal(typeof step.chain, 'string');
      assert.ok(step.rule === null || typeof step.rule === 'string');
      assert.equal(typeof step.verdict, 'string');
      const after = step.packetAfter as Record<string, unknown>;
      for (const field of ['src', 'dst', 'sport', 'dport', 'mark']) assert.ok(field in after, `packetAfter.${field}`);
    }
  }
  assert.ok('conntrack' in doc);
  assert.ok(Array.isArray(doc.diagnosis));
}

describe('hookpath trace', () => {
  it('--json prints exactly one document with the contract fields (seed 000, the running ping)', () => {
    const run = runCli(['trace', SEED000, ...RUNNING_PING, '--json']);
    assert.equal(run.status, 0, run.stderr);
    const doc = JSON.parse(run.stdout) as Record<string, unknown>;
    assertTraceDocument(doc);
    assert.deepEqual(doc.packet, { src: '13.13.0.4', dst: '192.169.100.1', proto: 'icmp', icmpId: 27281 });
    assert.equal(doc.disposition, 'DELIVERED');
    assert.equal((doc.conntrack as { state: string }).state, 'NEW');
    assert.ok((doc.diagnosis as { code: string }[]).some((d) => d.code === 'STALE_CONNTRACK_BYPASSES_NAT'));
    assert.equal(doc.reply, undefined);
  });

  it('--round-trip adds the reply document (the echo reply has no route back)', () => {
    const run = runCli(['trace', SEED000, ...RUNNING_PING, '--round-trip', '--json']);
    assert.equal(run.status, 0, run.stderr);
    const doc = JSON.parse(run.stdout) as Record<string, unknown>;
    const reply = doc.reply as Record<string, unknown>;
    assertTraceDocument(reply);
    assert.equal(reply.disposition, 'DROPPED');
    assert.equal(reply.dropReason, 'NO_ROUTE');
  });

  it('a new ping is SNATed to the EIP: netfilter steps name the rule and the new source', () => {
    const run = runCli([
      'trace',
      SEED000,
      '--from',
      'vm-13-13-0-4',
      '--src',
      '13.13.0.4',
      '--dst',
      '192.169.100.1',
      '--icmp-id',
      '1',
      '--json',
    ]);
    assert.equal(run.status, 0, run.stderr);
    const doc = JSON.parse(run.stdout) as {
      steps: { kind: string; verdict?: string; rule?: string | null; packetAfter?: { src: string } }[];
      end: { packet: { src: string } };
    };
    const snat = doc.steps.find((s) => s.kind === 'netfilter' && s.verdict === 'SNAT');
    assert.ok(snat !== undefined, 'an SNAT step');
    assert.equal(snat.rule, '-A EXCLUSIVE_SNAT -s 13.13.0.4/32 -j SNAT --to-source 192.169.100.2');
    assert.equal(snat.packetAfter?.src, '192.169.100.2');
    assert.equal(doc.end.packet.src, '192.169.100.2');
  });

  it('prints a readable step list, coloured only when asked (FORCE_COLOR) or on a terminal', () => {
    const plain = runCli(['trace', SEED000, ...RUNNING_PING]);
    assert.equal(plain.status, 0, plain.stderr);
    assert.doesNotMatch(plain.stdout, /\u001b\[/);
    assert.match(plain.stdout, /^trace icmp 13\.13\.0\.4 → 192\.169\.100\.1 id 27281 from vm-13-13-0-4$/m);
    assert.match(plain.stdout, /^vpc-nat-gw-eip-p7cs4r5y-0$/m);
    assert.match(plain.stdout, /^result DELIVERED at external-gw/m);
    assert.match(plain.stdout, /^diagnosis STALE_CONNTRACK_BYPASSES_NAT/m);
    const coloured = runCli(['trace', SEED000, ...RUNNING_PING], { FORCE_COLOR: '1' });
    assert.equal(coloured.status, 0, coloured.stderr);
    assert.match(coloured.stdout, /\u001b\[1mresult\u001b\[22m/);
    const off = runCli(['trace', SEED000, ...RUNNING_PING], { FORCE_COLOR: '0' });
    assert.doesNotMatch(off.stdout, /\u001b\[/);
  });

  it('shows the netfilter rule, hook priority and the packet change of a step', () => {
    const run = runCli(['trace', SEED000, '--from', 'external-gw', '--src', '192.169.100.1', '--dst', '192.169.100.2', '--icmp-id', '2']);
    assert.equal(run.status, 0, run.stderr);
    assert.match(
      run.stdout,
      /PREROUTING -100 +nat\/EXCLUSIVE_DNAT +-A EXCLUSIVE_DNAT -d 192\.169\.100\.2\/32 -j DNAT --to-destination 13\.13\.0\.4 +DNAT/,
    );
    assert.match(run.stdout, /dst 192\.169\.100\.2→13\.13\.0\.4/);
  });

  it('reads a .tar.gz of a snapshot', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hookpath-cli-'));
    const archive = join(dir, 'seed000.tar.gz');
    const tar = spawnSync('tar', ['-czf', archive, '-C', SEED000, '.']);
    assert.equal(tar.status, 0, String(tar.stderr));
    const run = runCli(['trace', archive, ...RUNNING_PING, '--json']);
    assert.equal(run.status, 0, run.stderr);
    assert.equal((JSON.parse(run.stdout) as { disposition: string }).disposition, 'DELIVERED');
  });

  describe('bad arguments exit with status 2 and say what is wrong', () => {
    const cases: [string, string[], RegExp][] = [
      ['no snapshot', ['trace'], /a snapshot folder or \.tar\.gz is required/],
      ['no --from', ['trace', SEED000, '--src', '13.13.0.4', '--dst', '1.1.1.1'], /--from <place> is required/],
      ['no --dst', ['trace', SEED000, '--from', 'vm-13-13-0-4', '--src', '13.13.0.4'], /--dst <ip> is required/],
      [
        'a bad address',
        ['trace', SEED000, '--from', 'vm-13-13-0-4', '--src', '13.13.0.400', '--dst', '1.1.1.1'],
        /--src "13\.13\.0\.400" is not an IPv4 address/,
      ],
      [
        'a bad protocol',
        ['trace', SEED000, '--from', 'vm-13-13-0-4', '--src', '13.13.0.4', '--dst', '1.1.1.1', '-p', 'sctp'],
        /-p "sctp": expected tcp, udp or icmp/,
      ],
      [
        'ports with icmp',
        ['trace', SEED000, '--from', 'vm-13-13-0-4', '--src', '13.13.0.4', '--dst', '1.1.1.1', '-p', 'icmp', '--dport', '80'],
        /--sport and --dport apply to tcp and udp/,
      ],
      [
        'a bad port',
        ['trace', SEED000, '--from', 'vm-13-13-0-4', '--src', '13.13.0.4', '--dst', '1.1.1.1', '--dport', '70000'],
        /--dport "70000": expected an integer from 1 to 65535/,
      ],
      [
        'a bad mark',
        ['trace', SEED000, '--from', 'vm-13-13-0-4', '--src', '13.13.0.4', '--dst', '1.1.1.1', '--mark', '0xzz'],
        /--mark "0xzz"/,
      ],
      ['an unknown option', ['trace', SEED000, '--frm', 'x'], /Unknown option '--frm'/],
      [
        'an unknown host',
        ['trace', SEED000, '--from', 'nope', '--src', '13.13.0.4', '--dst', '1.1.1.1'],
        /--from nope: the snapshot has no host "nope" \(hosts: external-gw, vm-13-13-0-4, vpc-nat-gw-eip-p7cs4r5y-0\)/,
      ],
      [
        'an unknown interface',
        ['trace', SEED000, '--from', 'external-gw:eth9', '--src', '13.13.0.4', '--dst', '1.1.1.1'],
        /host external-gw has no interface "eth9"/,
      ],
      [
        'a missing snapshot',
        ['trace', '/nonexistent/snapshot', '--from', 'a', '--src', '1.1.1.1', '--dst', '1.1.1.2'],
        /\/nonexistent\/snapshot: no such file or directory/,
      ],
    ];
    for (const [name, args, message] of cases) {
      it(name, () => {
        const run = runCli(args);
        assert.equal(run.status, 2, `${run.stdout}${run.stderr}`);
        assert.match(run.stderr, message);
        assert.equal(run.stdout, '');
      });
    }

    it('an unparsable snapshot names the file, line and column', () => {
      const dir = mkdtempSync(join(tmpdir(), 'hookpath-cli-'));
      cpSync(SEED000, dir, { recursive: true });
      const routes = join(dir, 'hosts', 'external-gw', 'ip-route.txt');
      writeFileSync(routes, `${readFileSync(routes, 'utf8')}default via not-an-address dev eth0\n`);
      const run = runCli(['trace', dir, '--from', 'external-gw', '--src', '192.169.100.1', '--dst', '192.169.100.2']);
      assert.equal(run.status, 2, run.stderr);
      assert.match(run.stderr, /hosts\/external-gw\/ip-route\.txt:\d+:\d+: /);
      assert.match(run.stderr, /default via not-an-address dev eth0/);
      assert.equal(run.stdout, '');
    });
  });
});
