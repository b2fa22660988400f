import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { describe, it } from 'node:test';
import type { MacvlanMode, SnapshotFile, SnapshotModel } from '@hookpath/model';
import { parseSnapshot } from '@hookpath/parsers';
import { simulate } from '../simulate';
import { macvlanBlock } from './macvlan';

/**
 * libs/engine/fixtures/macvlan-bridge: captured by conformance scenario 34 (hookpath collect):
 * hv's eth0 (ifindex 40) is wired to ext; c1:mv1 and c2:mv2 are bridge-mode macvlans of it,
 * moved into their own namespaces; topology.yaml declares the segment they share.
 */
const ROOT = join(__dirname, '..', '..', 'fixtures', 'macvlan-bridge');

function files(): SnapshotFile[] {
  const out: SnapshotFile[] = [];
  const walk = (dir: string): void => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, e.name);
      if (e.isDirectory()) walk(path);
      else out.push({ path: relative(ROOT, path).split(sep).join('/'), content: readFileSync(path, 'utf8') });
    }
  };
  walk(ROOT);
  return out;
}

function model(mode1: MacvlanMode = 'bridge', mode2: MacvlanMode = 'bridge'): SnapshotModel {
  const parsed = parseSnapshot(files());
  assert.deepEqual(parsed.errors, []);
  for (const [host, iface, mode] of [
    ['hpcf-34-c1', 'mv1', mode1],
    ['hpcf-34-c2', 'mv2', mode2],
  ] as const) {
    const i = parsed.model.hosts.find((h) => h.name === host)?.interfaces?.find((x) => x.name === iface);
    assert.ok(i !== undefined);
    i.macvlanMode = mode;
  }
  return parsed.model;
}

const udp = (m: SnapshotModel, dst: string) =>
  simulate(m, { from: 'hpcf-34-c1', packet: { src: '10.30.0.11', dst, proto: 'udp', sport: 40000, dport: 53 } });

describe('macvlan', () => {
  it('bridge mode: two children of one lower device talk directly', () => {
    const t = udp(model(), '10.30.0.12');
    assert.deepEqual([t.disposition, t.end?.host], ['DELIVERED', 'hpcf-34-c2']);
  });

  it("a child reaches a station on its lower device's wire", () => {
    const t = udp(model('private', 'private'), '10.30.0.254');
    assert.deepEqual([t.disposition, t.end?.host], ['DELIVERED', 'hpcf-34-ext']);
  });

  it('a child cannot reach its lower device: the ARP request is never answered', () => {
    const t = udp(model(), '10.30.0.1');
    assert.deepEqual([t.disposition, t.dropReason, t.end?.host], ['DROPPED', 'NO_NEIGHBOR', 'hpcf-34-c1']);
    assert.match(
      t.steps.at(-1)?.explanation ?? '',
      /hpcf-34-c1:mv1 is a macvlan \(bridge mode\) of hpcf-34-hv:eth0: a macvlan and its lower device cannot reach each other directly/,
    );
  });

  it('private mode blocks child-to-child; vepa needs a hairpin switch', () => {
    const priv = udp(model('private', 'bridge'), '10.30.0.12');
    assert.deepEqual([priv.disposition, priv.dropReason], ['DROPPED', 'NO_NEIGHBOR']);
    assert.match(priv.steps.at(-1)?.explanation ?? '', /private mode blocks traffic between them/);
    const vepa = udp(model('vepa', 'vepa'), '10.30.0.12');
    assert.deepEqual([vepa.disposition, vepa.dropReason], ['DROPPED', 'NO_NEIGHBOR']);
    assert.match(
      vepa.steps.at(-1)?.explanation ?? '',
      /goes out to the external switch and comes back only if that switch reflects it \(hairpin\)/,
    );
  });

  it('passthru: the lower device is still not reachable from its child', () => {
    const m = model('passthru', 'bridge');
    const hostOf = (name: string) => m.hosts.find((h) => h.name === name);
    const members = m.topology.segments[0]?.members ?? [];
    assert.match(
      macvlanBlock(hostOf, { host: 'hpcf-34-c1', iface: 'mv1' }, { host: 'hpcf-34-hv', iface: 'eth0' }, members) ?? '',
      /passthru mode/,
    );
    assert.equal(macvlanBlock(hostOf, { host: 'hpcf-34-c1', iface: 'mv1' }, { host: 'hpcf-34-ext', iface: 'eth0' }, members), null);
  });

  it('a lower device in another namespace is recognised only when one member fits its ifindex', () => {
    const m = model();
    const ext = m.hosts.find((h) => h.name === 'hpcf-34-ext')?.interfaces?.find((i) => i.name === 'eth0');
    assert.ok(ext !== undefined);
    ext.ifindex = 40;
    const hostOf = (name: string) => m.hosts.find((h) => h.name === name);
    const members = m.topology.segments[0]?.members ?? [];
    assert.equal(macvlanBlock(hostOf, { host: 'hpcf-34-c1', iface: 'mv1' }, { host: 'hpcf-34-hv', iface: 'eth0' }, members), null);
  });
});
