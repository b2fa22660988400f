import { strict as assert } from 'node:assert';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import type { BehaviouralDiff, FlowOutcome, StructuralDiff } from '@hookpath/diff';
import { EXAMPLES, runCli } from './trace-cli-runner';

/**
 * Seed 000: examples/000-vpc-nat-gw-eip-before is the NAT gateway before the EIP 192.169.100.2 is
 * bound to 13.13.0.4, examples/000-vpc-nat-gw-eip after; the binding adds two EXCLUSIVE rules.
 */
const BEFORE = join(EXAMPLES, '000-vpc-nat-gw-eip-before');
const AFTER = join(EXAMPLES, '000-vpc-nat-gw-eip');
const GW = 'vpc-nat-gw-eip-p7cs4r5y-0';
const DNAT_RULE = '-A EXCLUSIVE_DNAT -d 192.169.100.2/32 -j DNAT --to-destination 13.13.0.4';
const SNAT_RULE = '-A EXCLUSIVE_SNAT -s 13.13.0.4/32 -j SNAT --to-source 192.169.100.2';

interface DiffDocument {
  structural: StructuralDiff;
  behavioural: BehaviouralDiff;
}

function diffJson(args: string[]): { status: number | null; doc: DiffDocument } {
  const run = runCli(['diff', ...args, '--json']);
  assert.ok(run.status === 0 || run.status === 3, `status ${String(run.status)}: ${run.stderr}`);
  return { status: run.status, doc: JSON.parse(run.stdout) as DiffDocument };
}

const outcome = (r: unknown): FlowOutcome => {
  assert.ok(typeof r === 'object' && r !== null && !('error' in r), `an outcome, not ${JSON.stringify(r)}`);
  return r as FlowOutcome;
};

describe('hookpath diff', () => {
  it('--json: the structural diff is exactly the two EXCLUSIVE rules, and a flow changed (exit 3)', () => {
    const { status, doc } = diffJson([BEFORE, AFTER]);
    assert.equal(status, 3);
    assert.deepEqual(Object.keys(doc).sort(), ['behavioural', 'structural']);
    assert.deepEqual(
      doc.structural.changes.map((c) => [c.kind, c.place.host, c.place.table, c.place.chain, c.before, c.after]),
      [
        ['iptables.rule.added', GW, 'nat', 'EXCLUSIVE_DNAT', undefined, DNAT_RULE],
        ['iptables.rule.added', GW, 'nat', 'EXCLUSIVE_SNAT', undefined, SNAT_RULE],
      ],
    );
    assert.deepEqual(doc.structural.hosts, { added: [], removed: [], changed: [GW] });
    assert.ok(doc.behavioural.totals.changed > 0);
    assert.equal(doc.behavioural.totals.flows, doc.behavioural.totals.changed + doc.behavioural.totals.unchanged);
  });

  it('--flows pods-to-outside: the new ping from the VM is SNATed to the EIP, grouped under the SNAT rule', () => {
    const { status, doc } = diffJson([BEFORE, AFTER, '--flows', 'pods-to-outside']);
    assert.equal(status, 3);
    // pods-to-outside: the VM pod (its OVN port is bound to its eth0, so the pod host is the sender)
    assert.deepEqual(doc.behavioural.totals, { flows: 1, unchanged: 0, changed: 1 });
    const [group] = doc.behavioural.groups;
    assert.deepEqual([group.cause.kind, group.cause.host, group.cause.target], ['rule', GW, SNAT_RULE]);
    assert.deepEqual(
      group.flows.map((f) => f.from),
      ['vm-13-13-0-4'],
    );
    const [flow] = group.flows;
    assert.equal(flow.from, 'vm-13-13-0-4');
    assert.match(flow.label ?? '', /^vm-13-13-0-4 -> 192\.169\.100\.1 icmp$/);
    assert.ok(flow.changes.includes('translation'));
    const [base, target] = [outcome(flow.base), outcome(flow.target)];
    assert.deepEqual([base.src, base.dst, target.src, target.dst], ['13.13.0.4', '192.169.100.1', '192.169.100.2', '192.169.100.1']);
  });

  it('--round-trip: the new ping is answered only after the binding', () => {
    const { status, doc } = diffJson([BEFORE, AFTER, '--flows', 'pods-to-outside', '--round-trip']);
    assert.equal(status, 3);
    const [flow] = doc.behavioural.groups[0].flows;
    assert.ok(flow.changes.includes('disposition'));
    assert.deepEqual([outcome(flow.base).reply?.dropReason, outcome(flow.target).reply?.disposition], ['NO_ROUTE', 'DELIVERED']);
  });

  it('--flow: explicit flows, labelled; the packet to the EIP is now DNATed to the VM under the DNAT rule', () => {
    const { status, doc } = diffJson([BEFORE, AFTER, '--flow', 'external-gw 192.169.100.1 192.169.100.2 tcp 80']);
    assert.equal(status, 3);
    assert.deepEqual(doc.behavioural.totals, { flows: 1, unchanged: 0, changed: 1 });
    const [group] = doc.behavioural.groups;
    assert.equal(group.cause.target, DNAT_RULE);
    assert.equal(group.flows[0].label, 'external-gw 192.169.100.1 -> 192.169.100.2:80/tcp');
    assert.deepEqual([outcome(group.flows[0].target).endHost, outcome(group.flows[0].target).dst], ['vm-13-13-0-4', '13.13.0.4']);
  });

  it('prints the changes per host with both rule texts, then the flows by cause (no colour when not a terminal)', () => {
    const run = runCli(['diff', BEFORE, AFTER, '--flows', 'pods-to-outside']);
    assert.equal(run.status, 3, run.stderr);
    assert.doesNotMatch(run.stdout, /\u001b\[/);
    assert.match(run.stdout, /^structural 2 changes on 1 host$/m);
    assert.match(run.stdout, new RegExp(`^${GW}$`, 'm'));
    assert.match(
      run.stdout,
      /^ {2}\+ iptables\.rule\.added nat EXCLUSIVE_DNAT #1 \(line 15\): -A EXCLUSIVE_DNAT -d 192\.169\.100\.2\/32 -j DNAT --to-destination 13\.13\.0\.4$/m,
    );
    assert.match(
      run.stdout,
      /^ {2}\+ iptables\.rule\.added nat EXCLUSIVE_SNAT #1 \(line 16\): -A EXCLUSIVE_SNAT -s 13\.13\.0\.4\/32 -j SNAT --to-source 192\.169\.100\.2$/m,
    );
    assert.match(run.stdout, /^behaviour 1 flow: 0 unchanged, 1 changed$/m);
    assert.match(run.stdout, new RegExp(`^cause rule on ${GW}: rule added: table nat, chain EXCLUSIVE_SNAT`, 'm'));
    assert.match(run.stdout, /vm-13-13-0-4 -> 192\.169\.100\.1 icmp {2}DELIVERED → DELIVERED/);
    assert.match(run.stdout, /src 13\.13\.0\.4→192\.169\.100\.2/);
    const coloured = runCli(['diff', BEFORE, AFTER, '--flows', 'pods-to-outside'], { FORCE_COLOR: '1' });
    assert.equal(coloured.status, 3, coloured.stderr);
    assert.match(coloured.stdout, /\u001b\[1mstructural\u001b\[22m/);
    const off = runCli(['diff', BEFORE, AFTER, '--flows', 'pods-to-outside'], { FORCE_COLOR: '0' });
    assert.equal(off.status, 3, off.stderr);
    assert.doesNotMatch(off.stdout, /\u001b\[/);
  });

  it('a snapshot against itself: no changes, exit 0', () => {
    const run = runCli(['diff', AFTER, AFTER]);
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, /^structural no changes$/m);
    assert.match(run.stdout, /^behaviour \d+ flows?, no changes$/m);
    const { status, doc } = diffJson([AFTER, AFTER]);
    assert.equal(status, 0);
    assert.deepEqual(doc.structural.changes, []);
    assert.equal(doc.behavioural.totals.changed, 0);
    assert.ok(doc.behavioural.totals.flows > 0, 'the generators found flows to compare');
  });

  describe('seed 004 without one IPVS real server and with loose rp_filter: the branch sets differ', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hookpath-diff-'));
    after(() => rmSync(dir, { recursive: true, force: true }));
    const base = join(EXAMPLES, '004-eni-ipvs-rp-filter');
    const target = join(dir, '004');
    cpSync(base, target, { recursive: true });
    const edit = (file: string, change: (text: string) => string): void =>
      writeFileSync(join(target, file), change(readFileSync(join(target, file), 'utf8')));
    edit('hosts/node-10-12-97-49/ipvsadm.txt', (text) => text.replace(/^ {2}-> 10\.253\.1\.139:8000 .*\n/m, ''));
    edit('hosts/node-10-12-97-49/sysctl.txt', (text) => text.replace('net.ipv4.conf.all.rp_filter = 1', 'net.ipv4.conf.all.rp_filter = 2'));
    const flow = ['--flow', 'pod-10-12-192-44 10.12.192.44 10.12.115.101 tcp 80', '--round-trip'];

    it('prints one line per branch that appeared, disappeared or ends differently, with both shares and fates', () => {
      const run = runCli(['diff', base, target, ...flow]);
      assert.equal(run.status, 3, run.stderr);
      assert.match(run.stdout, /changed: disposition, path, translation, branches$/m);
      // rr over three servers, then two: each share 1/3, then 1/2
      const lines = run.stdout
        .split('\n')
        .filter((l) => l.trimStart().startsWith('branch '))
        .map((l) => l.trim());
      assert.deepEqual(lines, [
        'branch node-10-12-97-49 ipvs 10.253.1.139:8000 (gone): 33.3% DROPPED (NO_NEIGHBOR) → none',
        'branch node-10-12-97-49 ipvs 10.253.3.5:8000 (changed): 33.3% DROPPED (NO_NEIGHBOR) → 50.0% DROPPED (NO_NEIGHBOR)',
        'branch node-10-12-97-49 ipvs 10.253.4.194:8000 (changed): 33.3% DELIVERED, reply DROPPED (RP_FILTER) → 50.0% DELIVERED',
      ]);
    });

    it('--json: each side lists its branches', () => {
      const { doc } = diffJson([base, target, ...flow]);
      const changed = doc.behavioural.groups[0]?.flows[0];
      assert.ok(changed !== undefined);
      assert.deepEqual(outcome(changed.base).branches?.length, 3);
      assert.deepEqual(
        outcome(changed.target).branches?.map((b) => [b.choices, b.disposition, b.reply?.disposition]),
        [
          ['node-10-12-97-49 ipvs 10.253.3.5:8000', 'DROPPED', undefined],
          ['node-10-12-97-49 ipvs 10.253.4.194:8000', 'DELIVERED', 'DELIVERED'],
        ],
      );
    });
  });

  describe('bad arguments exit with status 2 and say what is wrong', () => {
    const cases: [string, string[], RegExp][] = [
      ['no snapshots', ['diff'], /a base snapshot \(folder or \.tar\.gz\) is required/],
      ['no target', ['diff', BEFORE], /a target snapshot \(folder or \.tar\.gz\) is required/],
      ['a third snapshot', ['diff', BEFORE, AFTER, AFTER], /unexpected argument/],
      [
        'an unknown generator',
        ['diff', BEFORE, AFTER, '--flows', 'pods-to-mars'],
        /unknown generator "pods-to-mars"; valid generators: pods-to-services, pods-to-outside, outside-to-exposed/,
      ],
      ['an empty generator', ['diff', BEFORE, AFTER, '--flows', 'pods-to-outside,'], /an empty generator name; valid generators: /],
      [
        'a short --flow',
        ['diff', BEFORE, AFTER, '--flow', 'vm-13-13-0-4 13.13.0.4'],
        /--flow "vm-13-13-0-4 13\.13\.0\.4": expected '<from> <src> <dst> \[tcp\|udp\|icmp\] \[dport\]'/,
      ],
      [
        'a bad --flow address',
        ['diff', BEFORE, AFTER, '--flow', 'vm-13-13-0-4 13.13.0.4 1.1.1.300'],
        /destination "1\.1\.1\.300" is not an IPv4 address/,
      ],
      [
        'a --flow port with icmp',
        ['diff', BEFORE, AFTER, '--flow', 'vm-13-13-0-4 13.13.0.4 1.1.1.1 icmp 80'],
        /a destination port applies to tcp and udp, not icmp/,
      ],
      [
        'a --flow from an unknown host',
        ['diff', BEFORE, AFTER, '--flow', 'nope 13.13.0.4 1.1.1.1'],
        /neither snapshot has a host "nope" \(hosts: external-gw, vm-13-13-0-4, vpc-nat-gw-eip-p7cs4r5y-0\)/,
      ],
      ['a missing target', ['diff', BEFORE, '/nonexistent/snapshot'], /\/nonexistent\/snapshot: no such file or directory/],
      ['an unknown option', ['diff', BEFORE, AFTER, '--flowz', 'x'], /Unknown option '--flowz'/],
    ];
    for (const [name, args, message] of cases) {
      it(name, () => {
        const run = runCli(args);
        assert.equal(run.status, 2, `${run.stdout}${run.stderr}`);
        assert.match(run.stderr, message);
        assert.equal(run.stdout, '');
      });
    }
  });
});
