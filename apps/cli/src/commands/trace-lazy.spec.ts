import { strict as assert } from 'node:assert';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { FLOW_GENERATOR_NAMES, generateFlows, simulate } from '@hookpath/engine';
import { parseSnapshot } from '@hookpath/parsers';
import { readSnapshotPath } from '@hookpath/snapshot-io';
import { EXAMPLES, runCli } from './trace-cli-runner';

const asJson = (value: unknown): unknown => JSON.parse(JSON.stringify(value));

describe('hookpath trace reads iptables rules on demand', () => {
  it("traces every example's generated flows as the full read does", async () => {
    let traced = 0;
    for (const example of readdirSync(EXAMPLES, { withFileTypes: true }).filter((e) => e.isDirectory())) {
      const files = await readSnapshotPath(join(EXAMPLES, example.name));
      const eager = parseSnapshot(files);
      const lazy = parseSnapshot(files, { iptablesRules: 'lazy' });
      assert.deepStrictEqual(lazy.errors, eager.errors, example.name);
      for (const generator of FLOW_GENERATOR_NAMES) {
        for (const flow of generateFlows(eager.model, generator, { limit: 25 })) {
          const request = { from: flow.from, packet: flow.packet };
          const expected = asJson(simulate(eager.model, request, { roundTrip: true }));
          assert.deepStrictEqual(asJson(simulate(lazy.model, request, { roundTrip: true })), expected, `${example.name}: ${flow.label}`);
          traced++;
        }
      }
    }
    assert.ok(traced > 50, `flows traced: ${traced}`);
  });

  it('refuses a snapshot whose broken rule sits in a chain the packet never reaches, as validate reports it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hookpath-lazy-'));
    try {
      const snapshot = join(dir, '003-br-netfilter');
      cpSync(join(EXAMPLES, '003-br-netfilter'), snapshot, { recursive: true });
      const file = join(snapshot, 'hosts/node-1/iptables-save.txt');
      const lines = readFileSync(file, 'utf8').split('\n');
      const nat = lines.indexOf('*nat');
      assert.ok(nat > 0);
      const bad = '-A UNREACHED -p udp -m comment --comment "never closed -j DROP';
      lines.splice(nat + 1, 0, ':UNREACHED - [0:0]');
      const commit = lines.indexOf('COMMIT', nat);
      lines.splice(commit, 0, bad);
      writeFileSync(file, lines.join('\n'));
      const where = `hosts/node-1/iptables-save.txt:${commit + 1}:${bad.indexOf('"') + 1}`;
      const trace = runCli(['trace', snapshot, '--from', 'node-1', '--src', '10.0.0.1', '--dst', '10.0.0.2', '-p', 'icmp']);
      assert.equal(trace.status, 2, trace.stderr);
      assert.match(trace.stderr, new RegExp(`error: ${where}`));
      assert.match(trace.stderr, /unterminated double quote/);
      const validate = runCli(['validate', snapshot]);
      assert.equal(validate.status, 2, validate.stderr);
      assert.match(validate.stderr, new RegExp(`error: ${where}`));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
