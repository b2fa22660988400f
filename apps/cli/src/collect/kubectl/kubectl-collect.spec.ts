import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parseIpAddrJson, parseIpLinkJson } from '@hookpath/parsers';
import type { Place } from '../run-command';
import { batchResults, batchScript, batchStatus, nodeScript, prefetchedPlace, readBatchTar } from './batch-script';
import { helperName } from './helper-pods';
import { k8sFileName } from './cluster-objects';
import { remoteResult } from './helper-place';
import { nodeInternalIps, nodeSegments } from './node-segments';
import { podNodeLinks } from './pod-node-links';
import { parseCrictlPods, sandboxOf, sandboxPid, sandboxPids } from './runtime-sandboxes';

/** `crictl pods -o json` on a containerd node: a pod restarted with a new sandbox keeps the old, NOTREADY one. */
const CRICTL_PODS = JSON.stringify({
  items: [
    {
      id: 'aa11',
      metadata: { name: 'web-0', uid: 'u-web', namespace: 'shop', attempt: 0 },
      state: 'SANDBOX_NOTREADY',
      createdAt: '1764576300000000000',
      labels: {},
      annotations: {},
      runtimeHandler: '',
    },
    {
      id: 'bb22',
      metadata: { name: 'web-0', uid: 'u-web', namespace: 'shop', attempt: 1 },
      state: 'SANDBOX_READY',
      createdAt: '1764576400000000000',
      labels: {},
      annotations: {},
      runtimeHandler: '',
    },
    {
      id: 'cc33',
      metadata: { name: 'db-0', uid: 'u-db', namespace: 'shop', attempt: 0 },
      state: 'SANDBOX_READY',
      createdAt: '1764576300000000000',
      labels: {},
      annotations: {},
      runtimeHandler: '',
    },
  ],
});

describe('the container runtime: a pod sandbox and its process', () => {
  it('picks the ready sandbox of the pod uid, else of its namespace and name', () => {
    const sandboxes = parseCrictlPods(CRICTL_PODS);
    assert.equal(sandboxOf(sandboxes, { namespace: 'shop', name: 'web-0', uid: 'u-web' })?.id, 'bb22');
    assert.equal(sandboxOf(sandboxes, { namespace: 'shop', name: 'db-0', uid: 'u-recreated' })?.id, 'cc33');
    assert.equal(sandboxOf(sandboxes, { namespace: 'shop', name: 'cache-0', uid: 'u-cache' }), undefined);
  });

  it('reads the sandbox process id of crictl inspectp (info.pid), and refuses JSON without one', () => {
    assert.equal(sandboxPid(JSON.stringify({ status: { id: 'bb22' }, info: { pid: 4242, runtimeSpec: {} } })), 4242);
    assert.equal(sandboxPid(JSON.stringify({ status: { id: 'bb22' }, info: {} })), null);
    assert.equal(sandboxPid(JSON.stringify({ status: { id: 'bb22' }, info: { pid: 0 } })), null);
    assert.throws(() => parseCrictlPods('{"pods": []}'), /no "items" list/);
  });

  it('reads the process ids of several sandboxes inspected at once: an array (crictl 1.30+) or one object after another', () => {
    const one = (id: string, pid?: number): unknown => ({
      status: { id, metadata: { name: `{${id}}"` } },
      info: pid === undefined ? {} : { pid },
    });
    const expected = new Map<string, number | null>([
      ['aa11', 11],
      ['bb22', null],
      ['cc33', 33],
    ]);
    assert.deepEqual(sandboxPids(JSON.stringify([one('aa11', 11), one('bb22'), one('cc33', 33)], null, 2)), expected);
    assert.deepEqual(
      sandboxPids([one('aa11', 11), one('bb22'), one('cc33', 33)].map((o) => JSON.stringify(o, null, 2)).join('\n')),
      expected,
    );
    assert.deepEqual(sandboxPids(JSON.stringify(one('aa11', 11))), new Map([['aa11', 11]]));
    assert.throws(() => sandboxPids('{"status": {"id": "aa11"}'), /truncated/);
  });
});

describe('a program missing in the helper pod', () => {
  const result = (code: number, stderr: string) => remoteResult({ found: true, code, stdout: '', stderr });
  it('is not installed when the runtime or nsenter cannot execute it', () => {
    assert.equal(
      result(1, 'error: Internal error occurred: ... exec: "ipvsadm": executable file not found in $PATH: unknown').found,
      false,
    );
    assert.equal(
      result(127, 'nsenter: failed to execute ipvsadm: No such file or directory\ncommand terminated with exit code 127').found,
      false,
    );
  });
  it('is installed when it ran and failed', () => {
    assert.equal(
      result(1, 'conntrack v1.4.7 (conntrack-tools): Operation failed: Permission denied\ncommand terminated with exit code 1').found,
      true,
    );
    assert.equal(result(1, 'cat: /proc/net/ip_vs: No such file or directory\ncommand terminated with exit code 1').found, true);
  });
});

describe('names of what a cluster capture writes', () => {
  it('helper pods are DNS labels named after their node', () => {
    assert.equal(helperName('worker-1', 'a1b2c3'), 'hookpath-worker-1-a1b2c3');
    assert.equal(
      helperName('ip-10-0-1-17.eu-west-1.compute.internal', 'a1b2c3'),
      'hookpath-ip-10-0-1-17-eu-west-1-compute-internal-a1b2c3',
    );
    const long = helperName('n'.repeat(80), 'a1b2c3');
    assert.ok(long.length <= 63 && long.endsWith('-a1b2c3'), long);
  });
  it('k8s/ files are named after the resource', () => {
    assert.equal(k8sFileName('services'), 'services.json');
    assert.equal(k8sFileName('endpointslices.discovery.k8s.io'), 'endpointslices.json');
    assert.equal(k8sFileName('vpc-nat-gateways.kubeovn.io'), 'kubeovn-vpc-nat-gateways.json');
  });
});

const link = (entries: object[]) => parseIpLinkJson(JSON.stringify(entries), 'ip-link.json').value;
const veth = (ifindex: number, ifname: string, peer: number, netnsid: number) => ({
  ifindex,
  link_index: peer,
  ifname,
  flags: ['BROADCAST', 'MULTICAST', 'UP', 'LOWER_UP'],
  mtu: 1500,
  operstate: 'UP',
  link_type: 'ether',
  address: '02:00:00:00:00:01',
  link_netnsid: netnsid,
  linkinfo: { info_kind: 'veth' },
});

describe('veth pairs between pods and their node', () => {
  it('pairs the ends whose ifindexes point at each other, both ways', () => {
    // Every pod's eth0 is ifindex 2; the node's ends are 7 and 8.
    const node = { host: 'worker-1', interfaces: link([veth(7, 'veth-web', 2, 0), veth(8, 'veth-db', 2, 1)]) };
    const web = { host: 'web-0.shop', interfaces: link([veth(2, 'eth0', 7, 0)]) };
    const db = { host: 'db-0.shop', interfaces: link([veth(2, 'eth0', 8, 0)]) };
    const stray = { host: 'old-0.shop', interfaces: link([veth(2, 'eth0', 9, 0)]) };
    assert.deepEqual(
      podNodeLinks([
        { pod: web, node },
        { pod: db, node },
        { pod: stray, node },
      ]),
      [
        [
          { host: 'db-0.shop', iface: 'eth0' },
          { host: 'worker-1', iface: 'veth-db' },
        ],
        [
          { host: 'web-0.shop', iface: 'eth0' },
          { host: 'worker-1', iface: 'veth-web' },
        ],
      ],
    );
  });
});

describe("the nodes' network", () => {
  const addr = (entries: { ifname: string; local: string; prefixlen: number }[]) =>
    parseIpAddrJson(
      JSON.stringify(
        entries.map((e, i) => ({
          ifindex: i + 2,
          ifname: e.ifname,
          flags: ['UP'],
          mtu: 1500,
          operstate: 'UP',
          addr_info: [{ family: 'inet', local: e.local, prefixlen: e.prefixlen, scope: 'global' }],
        })),
      ),
      'ip-addr.json',
    ).value;
  it('is a segment per IPv4 subnet of InternalIPs that two nodes share', () => {
    const nodes = JSON.stringify({
      items: [
        {
          metadata: { name: 'w-2' },
          status: {
            addresses: [
              { type: 'InternalIP', address: '10.0.1.12' },
              { type: 'Hostname', address: 'w-2' },
            ],
          },
        },
        {
          metadata: { name: 'w-1' },
          status: {
            addresses: [
              { type: 'InternalIP', address: '10.0.1.11' },
              { type: 'ExternalIP', address: '203.0.113.5' },
            ],
          },
        },
        { metadata: { name: 'w-3' }, status: { addresses: [{ type: 'InternalIP', address: '10.0.2.13' }] } },
      ],
    });
    const ips = nodeInternalIps(nodes);
    assert.deepEqual(
      [...ips],
      [
        ['w-2', ['10.0.1.12']],
        ['w-1', ['10.0.1.11']],
        ['w-3', ['10.0.2.13']],
      ],
    );
    const segments = nodeSegments([
      { host: 'w-2', internalIps: ips.get('w-2') ?? [], interfaces: addr([{ ifname: 'ens5', local: '10.0.1.12', prefixlen: 24 }]) },
      {
        host: 'w-1',
        internalIps: ips.get('w-1') ?? [],
        interfaces: addr([
          { ifname: 'ovn0', local: '100.64.0.2', prefixlen: 16 },
          { ifname: 'eth0', local: '10.0.1.11', prefixlen: 24 },
        ]),
      },
      { host: 'w-3', internalIps: ips.get('w-3') ?? [], interfaces: addr([{ ifname: 'eth0', local: '10.0.2.13', prefixlen: 24 }]) },
    ]);
    assert.deepEqual(segments, [
      {
        name: 'nodes-10.0.1.0-24',
        members: [
          { host: 'w-1', iface: 'eth0' },
          { host: 'w-2', iface: 'ens5' },
        ],
      },
    ]);
  });
});

describe('the batch script: every command of a host in one exec', () => {
  it('gives each command its output, errors and status, byte for byte, as a tar', async () => {
    const commands = [
      ['printf', '%s\\n', 'it\'s "quoted" $HOME'],
      ['sh', '-c', 'echo out; echo err >&2; exit 3'],
      ['hookpath-no-such-program', '-x'],
      ['false'],
      ['echo', 'skipped: its guard failed'],
      ['sleep', '30'],
      ['sh', '-c', 'echo "$LC_ALL"'],
    ];
    const script = batchScript([{ folder: 'h', commands, guards: new Map([[4, 3]]) }], 1);
    const run = spawnSync('sh', ['-c', script], { env: { ...process.env, LC_ALL: 'en_US.UTF-8' } });
    assert.equal(run.status, 0, run.stderr.toString());
    const results = batchResults(await readBatchTar(run.stdout), 'h');
    assert.deepEqual(results.get(0), { found: true, code: 0, stdout: `it's "quoted" $HOME\n`, stderr: '' });
    assert.deepEqual(results.get(1), { found: true, code: 3, stdout: 'out\n', stderr: 'err\n' });
    assert.deepEqual(results.get(2), { found: false, code: 127, stdout: '', stderr: 'hookpath-no-such-program: not installed\n' });
    assert.equal(results.get(3)?.code, 1);
    assert.equal(results.has(4), false);
    assert.deepEqual(results.get(5), { found: true, code: 124, stdout: '', stderr: 'killed after 1 s without finishing\n' });
    assert.equal(results.get(6)?.stdout, 'C\n');
  });

  it('runs several targets, each in its folder, behind its prefix, after its setup and only when its test holds', async () => {
    const script = batchScript(
      [
        { folder: 'plain', commands: [['echo', 'one']] },
        {
          folder: 'wrapped',
          setup: ['w=inside; echo set >"$d/wrapped/note"'],
          when: '[ -n "$w" ]',
          prefix: 'env W="$w"',
          commands: [['sh', '-c', 'echo "$W"'], ['hookpath-no-such-program']],
        },
        { folder: 'skipped', when: '[ -n "$nothing" ]', commands: [['echo', 'never']] },
      ],
      5,
    );
    const run = spawnSync('sh', ['-c', script]);
    assert.equal(run.status, 0, run.stderr.toString());
    const files = await readBatchTar(run.stdout);
    assert.equal(batchResults(files, 'plain').get(0)?.stdout, 'one\n');
    assert.equal(batchResults(files, 'wrapped').get(0)?.stdout, 'inside\n', 'run behind its prefix, which read the setup');
    assert.equal(batchResults(files, 'wrapped').get(1)?.found, false, 'the command is checked, not its prefix');
    assert.equal(files.get('wrapped/note'), 'set\n');
    assert.equal(batchResults(files, 'skipped').size, 0);
    assert.equal(batchResults(files, 'plain').has(1), false);
  });

  it('a node script: the node in one shell, every sandbox inspected at once, each pod in one shell behind its entry', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hpkc-node-script-'));
    try {
      // A runtime that knows sandboxes s1 and s2 (their processes 101 and 102) and not s3.
      const runtime = join(dir, 'inspect');
      writeFileSync(
        runtime,
        [
          '#!/usr/bin/env node',
          'const pids = { s1: 101, s2: 102 }; const ids = process.argv.slice(4);',
          "if (ids.some((id) => !(id in pids))) { process.stderr.write('not found\\n'); process.exit(1); }",
          'const all = ids.map((id) => ({ status: { id }, info: { pid: pids[id] } }));',
          'process.stdout.write(`${JSON.stringify(all.length === 1 ? all[0] : all, null, 2)}\\n`);',
          '',
        ].join('\n'),
        { mode: 0o755 },
      );
      const plan = (ids: string[]) =>
        nodeScript(
          {
            node: { commands: [['echo', 'node']] },
            pods: { commands: [['sh', '-c', 'echo "pod $W"'], ['hookpath-no-such-program']] },
            sandboxIds: ids,
            inspect: (list) => [runtime, '-o', 'json', ...list],
            nodeFolder: 'node',
            podFolder: (i) => `pod-${i}`,
            inspectFile: 'inspect',
            pidFile: 'pid',
            enter: 'env W="$pid"',
          },
          5,
        );
      const run = async (ids: string[]): Promise<Map<string, string>> => {
        const r = spawnSync('sh', ['-c', plan(ids)]);
        assert.equal(r.status, 0, r.stderr.toString());
        return readBatchTar(r.stdout);
      };
      const files = await run(['s1', 's2']);
      assert.equal(batchResults(files, 'node').get(0)?.stdout, 'node\n');
      assert.equal(batchResults(files, 'pod-0').get(0)?.stdout, 'pod 101\n', 'entered with the first sandbox process');
      assert.equal(batchResults(files, 'pod-1').get(0)?.stdout, 'pod 102\n');
      assert.equal(batchResults(files, 'pod-1').get(1)?.found, false);
      assert.deepEqual(
        sandboxPids(files.get('inspect.out') ?? ''),
        new Map([
          ['s1', 101],
          ['s2', 102],
        ]),
      );
      assert.equal(files.has('pod-0/inspect.out'), false, 'no sandbox inspected on its own');
      // s3 is gone: the inspect of all fails, each sandbox is inspected on its own, s2's pod still runs.
      const partial = await run(['s3', 's2']);
      assert.equal(batchStatus(partial).get('')?.get('inspect'), 1);
      assert.equal(partial.get('pod-0/pid'), '\n');
      assert.equal(batchResults(partial, 'pod-0').size, 0);
      assert.equal(batchResults(partial, 'pod-1').get(0)?.stdout, 'pod 102\n');
      assert.equal(sandboxPid(partial.get('pod-1/inspect.out') ?? ''), 102);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a place answers from the batch and runs what the batch does not hold', async () => {
    const live: Place = {
      label: 'live',
      run: (argv) => Promise.resolve({ found: true, code: 0, stdout: `live ${argv.join(' ')}`, stderr: '' }),
    };
    const place = prefetchedPlace(live, [['a'], ['b']], new Map([[0, { found: true, code: 0, stdout: 'batched a', stderr: '' }]]));
    assert.equal((await place.run(['a'])).stdout, 'batched a');
    assert.equal((await place.run(['b'])).stdout, 'live b');
    assert.equal((await place.run(['c'])).stdout, 'live c');
  });
});
