import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parse as parseYaml } from 'yaml';
import { ROOT } from '../support/paths';

/** deploy/krew/hookpath.yaml, as krew's Plugin type (krew.googlecontainertools.github.com/v1alpha2) reads it. */
interface KrewPlugin {
  apiVersion: string;
  kind: string;
  metadata: { name: string };
  spec: {
    version: string;
    shortDescription: string;
    description?: string;
    caveats?: string;
    homepage?: string;
    platforms: {
      selector: { matchLabels?: Record<string, string>; matchExpressions?: { key: string; operator: string; values: string[] }[] };
      uri: string;
      sha256: string;
      files?: { from: string; to: string }[];
      bin: string;
    }[];
  };
}

const manifest = (): KrewPlugin => parseYaml(readFileSync(join(ROOT, 'deploy', 'krew', 'hookpath.yaml'), 'utf8')) as KrewPlugin;
const bins = (pkg: string): Record<string, string> =>
  (JSON.parse(readFileSync(join(ROOT, pkg), 'utf8')) as { bin?: Record<string, string> }).bin ?? {};

describe('the krew plugin manifest', () => {
  it('is a krew Plugin as its validation checks it', () => {
    const m = manifest();
    assert.equal(m.apiVersion, 'krew.googlecontainertools.github.com/v1alpha2');
    assert.equal(m.kind, 'Plugin');
    assert.match(m.metadata.name, /^[a-z0-9][a-z0-9-]*$/, 'a plugin name krew accepts');
    assert.match(m.spec.version, /^v\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/, 'a semantic version with a v');
    assert.ok(m.spec.shortDescription.length > 0 && m.spec.shortDescription.length <= 70, 'a short description of at most 70 characters');
    assert.ok(m.spec.platforms.length > 0);
    for (const p of m.spec.platforms) {
      assert.ok((p.selector.matchExpressions ?? []).length + Object.keys(p.selector.matchLabels ?? {}).length > 0, 'a selector');
      for (const e of p.selector.matchExpressions ?? []) {
        assert.ok(['In', 'NotIn', 'Exists', 'DoesNotExist'].includes(e.operator), e.operator);
        for (const v of e.key === 'os' ? e.values : []) assert.ok(['linux', 'darwin', 'windows'].includes(v), v);
      }
      const uri = new URL(p.uri);
      assert.equal(uri.protocol, 'https:');
      assert.ok(uri.pathname.endsWith(`-${m.spec.version}.tar.gz`), 'the archive of this version');
      assert.match(p.sha256, /^[0-9a-f]{64}$/, 'sha256: 64 lower-case hex digits');
      assert.ok(!p.bin.includes('..') && !p.bin.startsWith('/'), 'bin is inside the plugin folder');
      for (const f of p.files ?? []) assert.ok(f.from !== '' && f.to !== '' && !f.to.includes('..'), JSON.stringify(f));
    }
  });

  it('names the kubectl-hookpath executable that apps/cli/package.json (and the root) expose as bin', () => {
    const m = manifest();
    assert.equal(m.metadata.name, 'hookpath', 'kubectl finds the plugin as kubectl-hookpath');
    for (const p of m.spec.platforms) assert.equal(p.bin.split('/').at(-1), 'kubectl-hookpath');
    for (const pkg of ['apps/cli/package.json', 'package.json']) {
      const bin = bins(pkg)['kubectl-hookpath'];
      assert.ok(bin !== undefined, `${pkg} has no bin kubectl-hookpath`);
      const file = pkg === 'package.json' ? join(ROOT, bin) : join(ROOT, 'apps', 'cli', bin);
      assert.match(
        readFileSync(file, 'utf8'),
        /^#!\/usr\/bin\/env node\n[\s\S]*kubectlPlugin: true/,
        `${file}: a node script run as the plugin`,
      );
    }
  });

  it(
    'kubectl itself finds the bin as the plugin and runs kubectl hookpath collect',
    { skip: spawnSync('kubectl', ['version', '--client'], { stdio: 'ignore' }).status === 0 ? false : 'kubectl is not installed' },
    () => {
      const dir = mkdtempSync(join(tmpdir(), 'hookpath-krew-'));
      try {
        // What npm's bin link (node_modules/.bin/kubectl-hookpath) or krew's bin puts on PATH.
        symlinkSync(join(ROOT, 'apps', 'cli', bins('apps/cli/package.json')['kubectl-hookpath'] ?? ''), join(dir, 'kubectl-hookpath'));
        const env = { ...process.env, PATH: `${dir}:${process.env.PATH ?? ''}` };
        const listed = spawnSync('kubectl', ['plugin', 'list'], { encoding: 'utf8', env });
        assert.match(listed.stdout, new RegExp(`^${join(dir, 'kubectl-hookpath')}$`, 'm'), listed.stderr);
        const help = spawnSync('kubectl', ['hookpath', 'collect', '--help'], { encoding: 'utf8', env });
        assert.equal(help.status, 0, help.stderr);
        assert.match(help.stdout, /^usage: kubectl hookpath collect --out /);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  );
});
