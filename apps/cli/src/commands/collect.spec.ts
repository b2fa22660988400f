import { strict as assert } from 'node:assert';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, describe, it } from 'node:test';
import { parseSnapshot } from '@hookpath/parsers';
import { readSnapshotDirectory } from '@hookpath/snapshot-io';
import { REPO_ROOT, runCli } from './trace-cli-runner';

const fresh = (): string => join(mkdtempSync(join(tmpdir(), 'hookpath-collect-')), 'snap');

describe('hookpath collect: arguments', () => {
  const cases: [string, string[], RegExp][] = [
    ['no --out', ['collect', '--netns', 'x'], /--out <dir> is required/],
    [
      'a bad role',
      ['collect', '--netns', 'x', '--out', '/tmp/x', '--role', 'x=router'],
      /--role "x=router": expected <netns>=node\|pod\|gateway\|external/,
    ],
    [
      'a role for another namespace',
      ['collect', '--netns', 'x', '--out', '/tmp/x', '--role', 'y=pod'],
      /y is not one of the --netns namespaces/,
    ],
    ['a namespace twice', ['collect', '--netns', 'x', '--netns', 'x', '--out', '/tmp/x'], /named twice/],
    ['a name that is not a host folder name', ['collect', '--netns', 'a/b', '--out', '/tmp/x'], /cannot be a host folder name/],
  ];
  for (const [name, args, message] of cases) {
    it(`${name}: status 2`, () => {
      const run = runCli(args);
      assert.equal(run.status, 2, run.stderr);
      assert.match(run.stderr, message);
    });
  }

  it('refuses a folder that is not empty', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hookpath-collect-'));
    writeFileSync(join(dir, 'keep'), 'x');
    const run = runCli(['collect', '--netns', 'x', '--out', dir]);
    assert.equal(run.status, 2);
    assert.match(run.stderr, /is not empty/);
  });
});

const isRoot = process.getuid?.() === 0 && spawnSync('ip', ['netns', 'list']).status === 0;
const VSWITCH_SCHEMA = '/usr/share/openvswitch/vswitch.ovsschema';
/** Why an Open vSwitch database cannot run here (.ci/run installs openvswitch-switch), or false. */
function ovsUnavailable(): string | false {
  for (const bin of ['ovsdb-server', 'ovsdb-tool', 'ovs-vsctl'])
    if (spawnSync(bin, ['--version'], { stdio: 'ignore' }).error !== undefined) return `${bin} is not installed`;
  return existsSync(VSWITCH_SCHEMA) ? false : `no ${VSWITCH_SCHEMA}`;
}
const A = 'hpcf-cli-a';
const B = 'hpcf-cli-b';

describe(
  'hookpath collect: real namespaces',
  { skip: isRoot ? false : 'needs root and ip netns (covered again by test/conformance)' },
  () => {
    const sh = (cmd: string): void => {
      const r = spawnSync('sh', ['-c', cmd], { encoding: 'utf8' });
      assert.equal(r.status, 0, `${cmd}: ${r.stderr}`);
    };
    after(() => {
      for (const ns of [A, B]) spawnSync('ip', ['netns', 'del', ns]);
    });

    it('captures two namespaces and the veth between them; the snapshot parses', async () => {
      for (const ns of [A, B]) {
        spawnSync('ip', ['netns', 'del', ns]);
        sh(`ip netns add ${ns} && ip -n ${ns} link set lo up`);
      }
      sh(`ip link add eth0 netns ${A} type veth peer name veth-a netns ${B}`);
      sh(`ip -n ${A} addr add 10.77.0.2/24 dev eth0 && ip -n ${A} link set eth0 up && ip -n ${B} link set veth-a up`);
      sh(
        `ip netns exec ${B} iptables-restore <<'EOF'\n*nat\n:PREROUTING ACCEPT [0:0]\n:INPUT ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n:POSTROUTING ACCEPT [0:0]\n-A POSTROUTING -s 10.77.0.0/24 -j MASQUERADE\nCOMMIT\nEOF`,
      );
      sh(`ip netns exec ${B} ipset create hp-cli hash:ip && ip netns exec ${B} ipset add hp-cli 10.77.0.2`);
      const out = fresh();
      const run = runCli(['collect', '--netns', A, B, '--role', `${A}=pod`, '--out', out, '--name', 'cli-test']);
      assert.equal(run.status, 0, run.stderr);
      assert.match(run.stdout, /2 hosts \(hpcf-cli-a, hpcf-cli-b\), 1 veth link/);
      for (const file of [
        'ip-addr.json',
        'ip-link.json',
        'ip-route.json',
        'ip-rule.json',
        'iptables-save.txt',
        'ipset.txt',
        'sysctl.txt',
        'bridge-fdb.json',
        'neigh.json',
        'meta.yaml',
      ]) {
        assert.ok(existsSync(join(out, 'hosts', B, file)), file);
      }
      assert.equal(readFileSync(join(out, 'topology.yaml'), 'utf8'), `links:\n  - ["${A}:eth0", "${B}:veth-a"]\nsegments: []\n`);
      assert.equal(readFileSync(join(out, 'hosts', A, 'meta.yaml'), 'utf8'), 'role: pod\n');
      assert.equal(readFileSync(join(out, 'hosts', B, 'meta.yaml'), 'utf8'), 'role: node\n');
      const sysctl = readFileSync(join(out, 'hosts', B, 'sysctl.txt'), 'utf8')
        .trim()
        .split('\n');
      assert.ok(
        sysctl.every((l) => l.startsWith('net.')),
        'only net.* keys',
      );
      const { model, errors } = parseSnapshot(await readSnapshotDirectory(out));
      assert.deepEqual(errors, []);
      assert.equal(model.meta.name, 'cli-test');
      const b = model.hosts.find((h) => h.name === B);
      assert.equal(b?.iptables?.backend, 'nf_tables');
      assert.deepEqual(
        b?.ipsets?.map((s) => s.name),
        ['hp-cli'],
      );
      assert.equal(b?.sysctls?.['net.ipv4.ip_forward'], '0');
      assert.ok(model.hosts.find((h) => h.name === A)?.interfaces?.some((i) => i.addresses.some((a) => a.address === '10.77.0.2')));
    });

    it('captures the current namespace when no --netns is given', () => {
      const out = fresh();
      const bin = resolve(REPO_ROOT, 'apps/cli/bin/hookpath.js');
      const run = spawnSync('ip', ['netns', 'exec', A, process.execPath, bin, 'collect', '--out', out], { encoding: 'utf8' });
      assert.equal(run.status, 0, run.stderr);
      const hosts = readdirSync(join(out, 'hosts'));
      assert.equal(hosts.length, 1);
      assert.match(readFileSync(join(out, 'hosts', hosts[0] ?? '', 'ip-addr.json'), 'utf8'), /10\.77\.0\.2/);
    });

    it(
      "the current host's Open vSwitch Interface table as ovs-interfaces.json; never for --netns namespaces",
      { skip: ovsUnavailable() },
      async () => {
        const run = mkdtempSync(join(tmpdir(), 'hookpath-collect-ovs-'));
        const env = { ...process.env, OVS_RUNDIR: run };
        const vsctl = (...args: string[]): string => {
          const r = spawnSync('ovs-vsctl', [`--db=unix:${join(run, 'db.sock')}`, ...args], { encoding: 'utf8', timeout: 30_000 });
          assert.equal(r.status, 0, r.stderr);
          return r.stdout;
        };
        sh(`ovsdb-tool create ${join(run, 'conf.db')} ${VSWITCH_SCHEMA}`);
        const server = spawn(
          'ovsdb-server',
          [
            '--no-chdir',
            `--log-file=${join(run, 'ovsdb.log')}`,
            `--remote=punix:${join(run, 'db.sock')}`,
            `--unixctl=${join(run, 'ovsdb.ctl')}`,
            join(run, 'conf.db'),
          ],
          { env, stdio: 'ignore' },
        );
        try {
          for (let i = 0; i < 300 && !existsSync(join(run, 'db.sock')); i++) await new Promise((r) => setTimeout(r, 50));
          vsctl('--no-wait', 'init');
          vsctl(
            '--no-wait',
            'add-br',
            'br-int',
            '--',
            'add-port',
            'br-int',
            'veth-a',
            '--',
            'set',
            'Interface',
            'veth-a',
            'external_ids:iface-id=pod-a.default',
          );
          const bin = resolve(REPO_ROOT, 'apps/cli/bin/hookpath.js');
          const here = fresh();
          const current = spawnSync('ip', ['netns', 'exec', B, process.execPath, bin, 'collect', '--out', here], { encoding: 'utf8', env });
          assert.equal(current.status, 0, current.stderr);
          const [host = ''] = readdirSync(join(here, 'hosts'));
          assert.equal(readFileSync(join(here, 'hosts', host, 'ovs-interfaces.json'), 'utf8'), vsctl('-f', 'json', 'list', 'Interface'));
          const namespaces = fresh();
          const netns = runCli(['collect', '--netns', A, B, '--out', namespaces], { OVS_RUNDIR: run });
          assert.equal(netns.status, 0, netns.stderr);
          for (const ns of [A, B]) assert.equal(existsSync(join(namespaces, 'hosts', ns, 'ovs-interfaces.json')), false);
        } finally {
          server.kill('SIGKILL');
          rmSync(run, { recursive: true, force: true });
        }
      },
    );

    it('a namespace that does not exist is a bad argument', () => {
      const run = runCli(['collect', '--netns', 'hpcf-cli-missing', '--out', fresh()]);
      assert.equal(run.status, 2, run.stderr);
      assert.match(run.stderr, /namespace hpcf-cli-missing: `ip -j -d addr show` exited with status/);
    });
  },
);
