import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Trace } from '@hookpath/engine';
import { traceJson } from '../examples/run-trace';
import { EXAMPLES_DIR, ROOT } from '../support/paths';
import { ovnTraceMeaning, type OvnTraceMeaning } from './ovn-trace-meaning';

/**
 * Seed 002 through real ovn-northd + ovn-trace (OVN 23.03) against the engine's OVN walk, case by
 * case, comparing meaning: output port, NAT'd addresses, source MAC, ARP instead of delivery.
 * ovn-trace models first packets only (oracle fact 5) and treats every chassis as resident (fact 2),
 * so chassis placement is checked in test/examples/example-002.spec.ts, not here.
 */
const SANDBOX = resolve(ROOT, 'test/conformance-ovn/ovn-trace-sandbox.sh');
const UPSTREAM_MAC = '00:00:00:00:00:01';

interface Case {
  name: string;
  example: string;
  /** ovn-trace's datapath, microflow and extra options. */
  datapath: string;
  flow: string;
  extra: string;
  /** The same packet for `hookpath trace`. */
  args: string[];
}

const icmp = (inport: string, ethSrc: string, ethDst: string, src: string, dst: string): string =>
  `inport == "${inport}" && eth.src == ${ethSrc} && eth.dst == ${ethDst} && ip4.src == ${src} && ip4.dst == ${dst} && ip.ttl == 64 && icmp4.type == 8 && icmp4.code == 0`;

const CENTRAL = '002-ovn-fip-snat-dnat';
const DISTRIBUTED = '002-ovn-fip-distributed';
const CASES: Case[] = [
  {
    name: 'fip-egress-centralized', example: CENTRAL, datapath: 'overlay-subnet-73569', extra: '',
    flow: icmp('fip-busybox01.default', '00:00:00:48:38:46', '00:00:00:91:cc:aa', '192.168.0.4', '172.19.0.1'),
    args: ['--from', 'ovn:fip-busybox01.default', '--src', '192.168.0.4', '--dst', '172.19.0.1', '-p', 'icmp'],
  },
  {
    name: 'fip-ingress-centralized', example: CENTRAL, datapath: 'external', extra: '',
    flow: icmp('ln-external', UPSTREAM_MAC, '00:00:00:21:44:fd', '172.19.0.1', '172.19.0.12'),
    args: ['--from', 'ovn:ln-external', '--src', '172.19.0.1', '--dst', '172.19.0.12', '-p', 'icmp'],
  },
  {
    // A source in 192.168.0.0/24 without a FIP (no port security is set): the subnet SNAT.
    name: 'subnet-snat-egress', example: CENTRAL, datapath: 'overlay-subnet-73569', extra: '',
    flow: icmp('fip-busybox01.default', '00:00:00:48:38:46', '00:00:00:91:cc:aa', '192.168.0.6', '172.19.0.1'),
    args: ['--from', 'ovn:fip-busybox01.default', '--src', '192.168.0.6', '--dst', '172.19.0.1', '-p', 'icmp'],
  },
  {
    name: 'router-lb-dnat', example: CENTRAL, datapath: 'external', extra: '--ct new --lb-dst 192.168.0.3:80',
    flow: `inport == "ln-external" && eth.src == ${UPSTREAM_MAC} && eth.dst == 00:00:00:21:44:fd && ip4.src == 172.19.0.1 && ip4.dst == 172.19.0.10 && ip.ttl == 64 && tcp && tcp.src == 40000 && tcp.dst == 8080`,
    args: ['--from', 'ovn:ln-external', '--src', '172.19.0.1', '--dst', '172.19.0.10', '-p', 'tcp', '--sport', '40000', '--dport', '8080'],
  },
  {
    name: 'fip-egress-distributed', example: DISTRIBUTED, datapath: 'vpc1-subnet1', extra: '',
    flow: icmp('nginx-netshoot-0.default', '00:00:00:c4:5b:ce', '00:00:00:a8:9f:b5', '192.168.0.2', '172.19.0.1'),
    args: ['--from', 'ovn:nginx-netshoot-0.default', '--src', '192.168.0.2', '--dst', '172.19.0.1', '-p', 'icmp'],
  },
  {
    name: 'fip-ingress-distributed', example: DISTRIBUTED, datapath: 'external', extra: '',
    flow: icmp('localnet.external', UPSTREAM_MAC, '00:00:00:f2:0d:7b', '172.19.0.1', '172.19.0.13'),
    args: ['--from', 'ovn:localnet.external', '--src', '172.19.0.1', '--dst', '172.19.0.13', '-p', 'icmp'],
  },
];

/** The engine's trace in the same terms as ovnTraceMeaning. */
function engineMeaning(t: Trace): OvnTraceMeaning {
  const leaves = [...t.steps].reverse().find((s) => /leaves .* with source MAC/.test(s.explanation));
  const mac = /source MAC ([0-9A-Fa-f:]+)/.exec(leaves?.explanation ?? '')?.[1]?.toLowerCase() ?? null;
  const arp = t.disposition === 'UNKNOWN' && /ARP request for ([\d.]+) is not answered/.exec(String(t.dropReason))?.[1];
  const delivered = t.disposition === 'DELIVERED' || t.disposition === 'EXITED';
  return {
    outputs: delivered && t.end?.iface != null ? [t.end.iface] : [],
    arpFor: arp === false || arp === undefined ? null : arp,
    src: t.end?.packet.src ?? null,
    dst: t.end?.packet.dst ?? null,
    ethSrc: mac,
  };
}

function ovnAvailable(): string | null {
  for (const tool of ['ovn-trace', 'ovn-nbctl', 'ovn-sbctl', 'ovn-northd', 'ovsdb-server', 'ovsdb-tool']) {
    if (spawnSync('sh', ['-c', `command -v ${tool}`]).status !== 0) return `${tool} is not installed (apt-get install ovn-central ovn-common openvswitch-common)`;
  }
  return null;
}

const missing = ovnAvailable();
if (missing !== null && process.env.HOOKPATH_SKIP_CONFORMANCE === '1') {
  process.stdout.write(`\n!!!!!!!! OVN CONFORMANCE SKIPPED (HOOKPATH_SKIP_CONFORMANCE=1): ${missing} !!!!!!!!\n\n`);
  it('ovn-trace conformance', { skip: `SKIPPED: ${missing}` }, () => undefined);
} else if (missing !== null) {
  it('ovn-trace conformance', () => assert.fail(`ovn-trace conformance cannot run: ${missing}; or set HOOKPATH_SKIP_CONFORMANCE=1 to skip it knowingly`));
} else {
  describe('seed 002: the engine against ovn-trace', () => {
    const out = mkdtempSync(join(tmpdir(), 'hookpath-ovn-trace-'));
    before(() => {
      for (const example of [CENTRAL, DISTRIBUTED]) {
        const input = CASES.filter((c) => c.example === example).map((c) => [c.name, c.datapath, c.flow, c.extra].join('\t')).join('\n');
        const run = spawnSync('bash', [SANDBOX, join(EXAMPLES_DIR, example), out], { input: `${input}\n`, encoding: 'utf8', timeout: 120_000, killSignal: 'SIGTERM' });
        assert.equal(run.status, 0, `ovn-trace sandbox for ${example} failed (${run.status ?? run.signal}):\n${run.stderr}`);
      }
    });
    after(() => rmSync(out, { recursive: true, force: true }));

    for (const c of CASES) {
      it(c.name, () => {
        const text = readFileSync(join(out, `${c.name}.txt`), 'utf8');
        const oracle = ovnTraceMeaning(text);
        const engine = engineMeaning(traceJson(join(EXAMPLES_DIR, c.example), c.args));
        const ovnMeaning = { ...oracle, ethSrc: oracle.outputs.length > 0 ? oracle.ethSrc : null };
        const ours = { ...engine, ethSrc: engine.outputs.length > 0 ? engine.ethSrc : null };
        // ovn-trace prints the addresses only where NAT changed them.
        ovnMeaning.src ??= ours.src;
        ovnMeaning.dst ??= ours.dst;
        assert.deepEqual(ours, ovnMeaning, `ovn-trace said:\n${text}`);
      });
    }
  });
}
