import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import type { HealthDto, SnapshotCreatedDto, SnapshotDetailDto, SnapshotListDto } from '@hookpath/contracts';
import { parseSnapshot } from '@hookpath/parsers';
import {
  ApiClient,
  EXAMPLES_DIR,
  gzipBomb,
  packFolder,
  readFolder,
  ROOT,
  startTestApp,
  tarGzOf,
  type ErrorResult,
  type TestApp,
} from '../support';

const MiB = 1024 * 1024;
const execFileAsync = promisify(execFile);

const IPTABLES_OK = '*filter\n:INPUT ACCEPT [0:0]\n:FORWARD DROP [0:0]\n:OUTPUT ACCEPT [0:0]\n-A INPUT -i lo -j ACCEPT\nCOMMIT\n';

function smallSnapshot(name: string): Record<string, string> {
  return {
    'snapshot.yaml': `name: ${name}\ncluster: e2e\n`,
    'hosts/node-1/iptables-save.txt': IPTABLES_OK,
    'hosts/node-1/sysctl.txt': `net.ipv4.ip_forward = 1\nkernel.hostname = ${name}\n`,
  };
}

function assertError(result: ErrorResult, status: number, code: string): void {
  assert.equal(result.status, status, `expected ${status} ${code}, got ${result.status}: ${result.text}`);
  assert.equal(result.body.error.code, code, result.text);
  assert.equal(typeof result.body.error.message, 'string');
}

describe('REST /api/v1/snapshots', () => {
  let t: TestApp;
  let writer: ApiClient;
  let reader: ApiClient;
  let anonymous: ApiClient;

  before(async () => {
    t = await startTestApp();
    anonymous = new ApiClient(t.baseUrl);
    writer = anonymous.withToken(t.writeToken);
    reader = anonymous.withToken(t.readToken);
  });

  after(async () => {
    await t.close();
  });

  describe('health and auth', () => {
    it('GET /health is public and reports Postgres and Redis', async () => {
      const res = await anonymous.get<HealthDto>('/health');
      assert.equal(res.status, 200);
      assert.equal(res.body.status, 'ok');
      assert.equal(res.body.postgres.ok, true);
      assert.equal(res.body.redis.ok, true);
      assert.equal(typeof res.body.postgres.latencyMs, 'number');
      assert.ok(res.headers.get('x-request-id'));
    });

    it('the OpenAPI document is public and describes the snapshot routes', async () => {
      const res = await anonymous.get<{ paths: Record<string, unknown> }>('/api/docs-json');
      assert.equal(res.status, 200);
      assert.ok(res.body.paths['/api/v1/snapshots']);
      assert.ok(res.body.paths['/api/v1/snapshots/{id}']);
    });

    it('no token: 401 UNAUTHENTICATED with the fix', async () => {
      const res = await anonymous.get<ErrorResult['body']>('/api/v1/snapshots');
      assertError(res, 401, 'UNAUTHENTICATED');
      assert.match(res.body.error.fix ?? '', /hookpath token create/);
    });

    it('an unknown token: 401', async () => {
      assertError(await anonymous.withToken('hpt_not-a-real-token').get('/api/v1/snapshots'), 401, 'UNAUTHENTICATED');
      const malformed = await fetch(`${t.baseUrl}/api/v1/snapshots`, { headers: { authorization: 'Basic abc' } });
      assert.equal(malformed.status, 401);
    });

    it('GraphQL needs a token too, even for operations that reach no resolver', async () => {
      const query = JSON.stringify({ query: '{ __typename }' });
      const headers = { 'content-type': 'application/json' };
      const denied = await fetch(`${t.baseUrl}/graphql`, { method: 'POST', headers, body: query });
      assert.equal(denied.status, 401);
      assert.equal(((await denied.json()) as ErrorResult['body']).error.code, 'UNAUTHENTICATED');
      const allowed = await fetch(`${t.baseUrl}/graphql`, {
        method: 'POST',
        headers: { ...headers, authorization: `Bearer ${t.readToken}` },
        body: query,
      });
      assert.equal(allowed.status, 200);
    });

    it('a read token can list but cannot upload or delete (403 INSUFFICIENT_SCOPE)', async () => {
      assert.equal((await reader.get('/api/v1/snapshots')).status, 200);
      assertError(await reader.postJson('/api/v1/snapshots', { name: 'x', files: smallSnapshot('read-only') }), 403, 'INSUFFICIENT_SCOPE');
      const created = await writer.postJson<SnapshotCreatedDto>('/api/v1/snapshots', { files: smallSnapshot('read-delete') });
      assert.equal(created.status, 201);
      assertError(await reader.delete(`/api/v1/snapshots/${created.body.id}`), 403, 'INSUFFICIENT_SCOPE');
    });

    it('a token made by `hookpath token create` authenticates', async () => {
      const { stdout, stderr } = await execFileAsync(
        process.execPath,
        [join(ROOT, 'apps', 'cli', 'bin', 'hookpath.js'), 'token', 'create', '--name', 'cli-made', '--scope', 'read'],
        {
          env: { ...process.env, DATABASE_URL: t.db.url },
        },
      );
      const token = stdout.trim();
      assert.match(token, /^hpt_[A-Za-z0-9_-]{43}$/);
      assert.match(stderr, /shown only once/);
      assert.equal((await anonymous.withToken(token).get('/api/v1/snapshots')).status, 200);
      const stored = await t.db.query<{ tokenHash: string; scope: string }>(
        `SELECT "tokenHash", scope::text FROM "ApiToken" WHERE name = 'cli-made'`,
      );
      assert.deepEqual(
        stored.map((r) => r.scope),
        ['read'],
      );
      assert.notEqual(stored[0]?.tokenHash, token);
      await assert.rejects(
        execFileAsync(
          process.execPath,
          [join(ROOT, 'apps', 'cli', 'bin', 'hookpath.js'), 'token', 'create', '--name', 'x', '--scope', 'admin'],
          { env: { ...process.env, DATABASE_URL: t.db.url } },
        ),
        (error: { code?: number; stderr?: string }) => error.code === 2 && /--scope must be read or write/.test(error.stderr ?? ''),
      );
    });
  });

  describe('upload, read, delete', () => {
    it('JSON upload: 201 with id, hosts and warnings; the same content again: 200 existing', async () => {
      const files = { ...smallSnapshot('json-upload'), 'notes.txt': 'not in the layout\n' };
      const first = await writer.postJson<SnapshotCreatedDto>('/api/v1/snapshots', { name: 'from json', files });
      assert.equal(first.status, 201, first.text);
      assert.equal(first.body.name, 'from json');
      assert.equal(first.body.fileCount, 4);
      assert.deepEqual(first.body.hosts, ['node-1']);
      assert.equal(first.body.existing, false);
      assert.match(first.body.contentHash, /^[0-9a-f]{64}$/);
      assert.deepEqual(
        first.body.warnings.map((w) => w.file),
        ['notes.txt'],
      );
      const again = await writer.postJson<SnapshotCreatedDto>('/api/v1/snapshots', { name: 'another name', files });
      assert.equal(again.status, 200);
      assert.equal(again.body.existing, true);
      assert.equal(again.body.id, first.body.id);
    });

    it('tar.gz upload (one top-level folder, as `tar czf` makes it): 201, named after snapshot.yaml', async () => {
      const archive = await tarGzOf(
        Object.entries(smallSnapshot('from-tar')).map(([path, content]) => ({ name: `snap/${path}`, content })),
      );
      const res = await writer.postArchive<SnapshotCreatedDto>('/api/v1/snapshots', archive);
      assert.equal(res.status, 201, res.text);
      assert.equal(res.body.name, 'from-tar');
      assert.deepEqual(res.body.hosts, ['node-1']);
      const named = await writer.postArchive<SnapshotCreatedDto>(
        '/api/v1/snapshots',
        await tarGzOf([{ name: 'hosts/gw/sysctl.txt', content: 'net.ipv4.ip_forward = 0\n' }]),
        {},
        'cluster-a.tar.gz',
      );
      assert.equal(named.status, 201, named.text);
      assert.equal(named.body.name, 'cluster-a');
      const explicit = await writer.postArchive<SnapshotCreatedDto>(
        '/api/v1/snapshots',
        await tarGzOf([{ name: 'hosts/gw2/sysctl.txt', content: '' }]),
        { name: 'explicit' },
      );
      assert.equal(explicit.body.name, 'explicit');
    });

    it('concurrent uploads of the same content store it once', async () => {
      const files = smallSnapshot('concurrent');
      const results = await Promise.all([1, 2, 3, 4].map(() => writer.postJson<SnapshotCreatedDto>('/api/v1/snapshots', { files })));
      assert.deepEqual(results.map((r) => r.status).sort(), [200, 200, 200, 201]);
      assert.equal(new Set(results.map((r) => r.body.id)).size, 1);
    });

    it('GET one: summary, hosts and file list; GET a file: the raw text; DELETE: 204 then 404', async () => {
      const files = smallSnapshot('detail');
      const created = await writer.postJson<SnapshotCreatedDto>('/api/v1/snapshots', { files });
      const id = created.body.id;
      const detail = await reader.get<SnapshotDetailDto>(`/api/v1/snapshots/${id}`);
      assert.equal(detail.status, 200);
      assert.equal(detail.body.name, 'detail');
      assert.equal(detail.body.cluster, 'e2e');
      assert.deepEqual(detail.body.hosts, [
        { name: 'node-1', role: null, node: null, files: ['hosts/node-1/iptables-save.txt', 'hosts/node-1/sysctl.txt'] },
      ]);
      assert.deepEqual(
        detail.body.files.map((f) => f.path),
        Object.keys(files).sort(),
      );
      assert.equal(
        detail.body.totalBytes,
        Object.values(files).reduce((n, c) => n + Buffer.byteLength(c), 0),
      );

      const raw = await reader.get<string>(`/api/v1/snapshots/${id}/files/hosts/node-1/iptables-save.txt`);
      assert.equal(raw.status, 200);
      assert.match(raw.headers.get('content-type') ?? '', /^text\/plain/);
      assert.equal(raw.text, IPTABLES_OK);
      assertError(await reader.get(`/api/v1/snapshots/${id}/files/hosts/node-1/nope.txt`), 404, 'FILE_NOT_FOUND');
      assertError(await reader.get(`/api/v1/snapshots/00000000-0000-0000-0000-000000000000/files/x`), 404, 'SNAPSHOT_NOT_FOUND');

      const deleted = await writer.delete(`/api/v1/snapshots/${id}`);
      assert.equal(deleted.status, 204);
      assertError(await reader.get(`/api/v1/snapshots/${id}`), 404, 'SNAPSHOT_NOT_FOUND');
      assertError(await writer.delete(`/api/v1/snapshots/${id}`), 404, 'SNAPSHOT_NOT_FOUND');
    });

    it('list: newest first, cursor pagination without gaps or repeats, `first` capped, bad input 400', async () => {
      for (let i = 0; i < 5; i++) {
        const res = await writer.postJson('/api/v1/snapshots', { files: smallSnapshot(`page-${i}`) });
        assert.equal(res.status, 201);
      }
      const everything = await reader.get<SnapshotListDto>('/api/v1/snapshots?first=1000');
      assert.equal(everything.status, 200);
      assert.ok(everything.body.items.length <= 100);
      const ids: string[] = [];
      let after = '';
      for (;;) {
        const page = await reader.get<SnapshotListDto>(`/api/v1/snapshots?first=2${after}`);
        assert.equal(page.status, 200);
        assert.ok(page.body.items.length <= 2);
        ids.push(...page.body.items.map((s) => s.id));
        if (!page.body.pageInfo.hasNextPage) break;
        after = `&after=${encodeURIComponent(page.body.pageInfo.endCursor ?? '')}`;
      }
      assert.deepEqual(
        ids,
        everything.body.items.map((s) => s.id),
      );
      const created = everything.body.items.map((s) => Date.parse(s.createdAt));
      assert.deepEqual(
        created,
        [...created].sort((a, b) => b - a),
      );
      assert.equal(everything.body.items.find((s) => s.name === 'page-4')?.hosts[0], 'node-1');
      assertError(await reader.get('/api/v1/snapshots?first=abc'), 400, 'BAD_REQUEST');
      assertError(await reader.get('/api/v1/snapshots?first=0'), 400, 'BAD_REQUEST');
      assertError(await reader.get('/api/v1/snapshots?after=bm90LWEtY3Vyc29y'), 400, 'INVALID_CURSOR');
    });

    const examples = existsSync(EXAMPLES_DIR)
      ? readdirSync(EXAMPLES_DIR, { withFileTypes: true })
          .filter((e) => e.isDirectory())
          .map((e) => e.name)
          .sort()
      : [];
    for (const example of examples) {
      it(`examples/${example} uploads as tar.gz (201) and its files come back verbatim`, async () => {
        const dir = join(EXAMPLES_DIR, example);
        const res = await writer.postArchive<SnapshotCreatedDto>(
          '/api/v1/snapshots',
          await packFolder(dir, example),
          {},
          `${example}.tar.gz`,
        );
        assert.equal(res.status, 201, res.text);
        const files = await readFolder(dir);
        assert.equal(res.body.fileCount, Object.keys(files).length);
        const hostDirs = new Set(
          Object.keys(files)
            .filter((p) => p.startsWith('hosts/'))
            .map((p) => p.split('/')[1]),
        );
        assert.deepEqual(res.body.hosts, [...hostDirs].sort());
        const [path, content] = Object.entries(files)[0] ?? [];
        assert.ok(path !== undefined);
        assert.equal((await reader.get(`/api/v1/snapshots/${res.body.id}/files/${path}`)).text, content);
      });
    }
  });

  describe('bad uploads: a precise 4xx, and nothing stored', () => {
    let countsBefore: Awaited<ReturnType<TestApp['db']['counts']>>;

    before(async () => {
      countsBefore = await t.db.counts();
    });

    after(async () => {
      const counts = await t.db.counts();
      assert.deepEqual({ ...counts, ApiToken: 0 }, { ...countsBefore, ApiToken: 0 });
    });

    it('truncated gzip: 400 CORRUPT_ARCHIVE', async () => {
      const archive = await tarGzOf(Object.entries(smallSnapshot('truncated')).map(([name, content]) => ({ name, content })));
      assertError(
        await writer.postArchive('/api/v1/snapshots', archive.subarray(0, Math.floor(archive.length / 2))),
        400,
        'CORRUPT_ARCHIVE',
      );
      assertError(await writer.postArchive('/api/v1/snapshots', Buffer.from('this is not gzip at all')), 400, 'CORRUPT_ARCHIVE');
    });

    it('a path traversal entry (../x): 400 UNSAFE_PATH naming the entry', async () => {
      const res = await writer.postArchive<ErrorResult['body']>(
        '/api/v1/snapshots',
        await tarGzOf([
          { name: 'hosts/a/sysctl.txt', content: '' },
          { name: '../x', content: 'escape' },
        ]),
      );
      assertError(res, 400, 'UNSAFE_PATH');
      assert.equal(res.body.error.issues?.[0]?.file, '../x');
      const nested = await writer.postArchive<ErrorResult['body']>(
        '/api/v1/snapshots',
        await tarGzOf([{ name: 'hosts/../../etc/x', content: '' }]),
      );
      assertError(nested, 400, 'UNSAFE_PATH');
    });

    it('an absolute path: 400 UNSAFE_PATH naming the entry', async () => {
      const res = await writer.postArchive<ErrorResult['body']>(
        '/api/v1/snapshots',
        await tarGzOf([{ name: '/etc/passwd', content: 'root:x:0:0' }]),
      );
      assertError(res, 400, 'UNSAFE_PATH');
      assert.equal(res.body.error.issues?.[0]?.file, '/etc/passwd');
      assertError(await writer.postJson('/api/v1/snapshots', { files: { '/etc/passwd': 'x' } }), 400, 'UNSAFE_PATH');
      assertError(await writer.postJson('/api/v1/snapshots', { files: { 'hosts/../../x': 'x' } }), 400, 'UNSAFE_PATH');
    });

    it('a symlink entry: 400 UNSUPPORTED_ENTRY naming the entry', async () => {
      const res = await writer.postArchive<ErrorResult['body']>(
        '/api/v1/snapshots',
        await tarGzOf([{ name: 'hosts/a/iptables-save.txt', type: 'symlink', linkname: '/etc/shadow' }]),
      );
      assertError(res, 400, 'UNSUPPORTED_ENTRY');
      assert.equal(res.body.error.issues?.[0]?.file, 'hosts/a/iptables-save.txt');
      assertError(
        await writer.postArchive('/api/v1/snapshots', await tarGzOf([{ name: 'hosts/a/x', type: 'link', linkname: 'hosts/a/y' }])),
        400,
        'UNSUPPORTED_ENTRY',
      );
    });

    it('an unparsable iptables line: 422 SNAPSHOT_UNPARSABLE with file, line, column and the line text', async () => {
      const bad = '-A INPUT --bogus x -j ACCEPT';
      const files = { 'hosts/node-1/iptables-save.txt': `*filter\n:INPUT ACCEPT [0:0]\n${bad}\nCOMMIT\n` };
      for (const res of [
        await writer.postJson<ErrorResult['body']>('/api/v1/snapshots', { files }),
        await writer.postArchive<ErrorResult['body']>(
          '/api/v1/snapshots',
          await tarGzOf([{ name: 'hosts/node-1/iptables-save.txt', content: files['hosts/node-1/iptables-save.txt'] }]),
        ),
      ]) {
        assertError(res, 422, 'SNAPSHOT_UNPARSABLE');
        const [issue, ...rest] = res.body.error.issues ?? [];
        assert.deepEqual(rest, []);
        assert.equal(issue?.file, 'hosts/node-1/iptables-save.txt');
        assert.equal(issue?.line, 3);
        assert.equal(issue?.column, 10);
        assert.equal(issue?.text, bad);
        assert.match(issue?.message ?? '', /--bogus/);
      }
    });

    it('problems in several files, iptables ones read on the thread pool: every issue, in the order `hookpath validate` gives them', async () => {
      const chains = Array.from({ length: 40 }, (_, i) => `:KUBE-SVC-${i} - [0:0]`);
      const rules = Array.from({ length: 40 }, (_, i) => `-A KUBE-SVC-${i} -p tcp -m tcp --dport ${8000 + i} -j ACCEPT`);
      const save = (edit: (lines: string[]) => void): string => {
        const lines = ['*filter', ':INPUT ACCEPT [0:0]', ...chains, ...rules, 'COMMIT'];
        edit(lines);
        return `${lines.join('\n')}\n`;
      };
      const files: Record<string, string> = {
        'snapshot.yaml': 'name: several-problems\n',
        // deep in a chain no rule jumps to: an option iptables does not have
        'hosts/node-1/iptables-save.txt': save((l) => (l[70] = '-A KUBE-SVC-28 --bogus x -j ACCEPT')),
        // a rule of a chain never declared, then an unterminated quote
        'hosts/node-2/iptables-save.txt': save((l) => {
          l[50] = '-A KUBE-NOPE -j ACCEPT';
          l[80] = '-A KUBE-SVC-38 -m comment --comment "open -j ACCEPT';
        }),
        'hosts/node-3/sysctl.txt': 'net.ipv4.ip_forward = 1\nnot a sysctl line\n',
        'hosts/node-3/iptables-save.txt': save(() => undefined),
      };
      const expected = parseSnapshot(Object.entries(files).map(([path, content]) => ({ path, content }))).errors;
      assert.deepEqual(
        expected.map((e) => `${e.file}:${e.line}`),
        [
          'hosts/node-1/iptables-save.txt:71',
          'hosts/node-2/iptables-save.txt:51',
          'hosts/node-2/iptables-save.txt:81',
          'hosts/node-3/sysctl.txt:2',
        ],
      );
      const before = await t.db.counts();
      for (const res of [
        await writer.postJson<ErrorResult['body']>('/api/v1/snapshots', { files }),
        await writer.postArchive<ErrorResult['body']>(
          '/api/v1/snapshots',
          await tarGzOf(Object.entries(files).map(([name, content]) => ({ name, content }))),
        ),
      ]) {
        assertError(res, 422, 'SNAPSHOT_UNPARSABLE');
        assert.deepEqual(res.body.error.issues, expected);
      }
      assert.deepEqual(await t.db.counts(), before, 'nothing stored');
    });

    it('a gzip bomb (600 MiB of zeros in ~600 KiB) at the default 512 MiB limit: 413 UNPACKED_TOO_LARGE', async () => {
      const bomb = await gzipBomb(600 * MiB);
      assert.ok(bomb.length < MiB, `bomb is ${bomb.length} bytes`);
      const started = performance.now();
      const res = await writer.postArchive<ErrorResult['body']>('/api/v1/snapshots', bomb);
      assertError(res, 413, 'UNPACKED_TOO_LARGE');
      assert.equal(res.body.error.issues?.[0]?.file, 'hosts/bomb/sysctl.txt');
      assert.ok(performance.now() - started < 30_000);
    });

    it('malformed requests: 400 INVALID_UPLOAD / INVALID_JSON, 415 for other content types', async () => {
      assertError(await writer.postJson('/api/v1/snapshots', { name: 'no files' }), 400, 'INVALID_UPLOAD');
      assertError(await writer.postJson('/api/v1/snapshots', { files: { 'hosts/a/sysctl.txt': 42 } }), 400, 'INVALID_UPLOAD');
      assertError(await writer.postJson('/api/v1/snapshots', [1, 2]), 400, 'INVALID_UPLOAD');
      assertError(await writer.postRaw('/api/v1/snapshots', '{"files": {', 'application/json'), 400, 'INVALID_JSON');
      assertError(await writer.postRaw('/api/v1/snapshots', 'files=1', 'text/plain'), 415, 'UNSUPPORTED_MEDIA_TYPE');
      assertError(await writer.postArchive('/api/v1/snapshots', Buffer.from('x'), {}, 'a.tar.gz', 'archive'), 400, 'BAD_REQUEST');
      const noFile = new FormData();
      noFile.append('name', 'only a name');
      const res = await fetch(`${t.baseUrl}/api/v1/snapshots`, {
        method: 'POST',
        headers: { authorization: `Bearer ${t.writeToken}` },
        body: noFile,
      });
      assert.equal(res.status, 400);
      assert.equal(((await res.json()) as ErrorResult['body']).error.code, 'INVALID_UPLOAD');
      assertError(await writer.postJson('/api/v1/snapshots', { files: {} }), 400, 'EMPTY_SNAPSHOT');
    });
  });
});

describe('REST upload limits (small limits through config)', () => {
  let t: TestApp;
  let writer: ApiClient;

  before(async () => {
    t = await startTestApp({ limits: { maxCompressedBytes: 256 * 1024, maxUnpackedBytes: 4 * MiB, maxFiles: 5 } });
    writer = new ApiClient(t.baseUrl, t.writeToken);
  });

  after(async () => {
    const counts = await t.db.counts();
    await t.close();
    assert.deepEqual(
      { ...counts, ApiToken: 0 },
      { Snapshot: 0, SnapshotFile: 0, Host: 0, ApiToken: 0, Job: 0, JobFlowResult: 0, Report: 0 },
    );
  });

  it('an archive above HOOKPATH_MAX_UPLOAD_BYTES: 413 PAYLOAD_TOO_LARGE while it streams', async () => {
    const random = Buffer.from(Array.from({ length: 300 * 1024 }, (_, i) => (i * 7919) % 251));
    assertError(await writer.postArchive('/api/v1/snapshots', random), 413, 'PAYLOAD_TOO_LARGE');
  });

  it('a JSON body above the limit: 413 PAYLOAD_TOO_LARGE', async () => {
    assertError(
      await writer.postJson('/api/v1/snapshots', { files: { 'hosts/a/sysctl.txt': 'x'.repeat(300 * 1024) } }),
      413,
      'PAYLOAD_TOO_LARGE',
    );
  });

  it('more files than HOOKPATH_MAX_FILES: 413 TOO_MANY_FILES', async () => {
    const entries = Array.from({ length: 6 }, (_, i) => ({ name: `hosts/h${i}/sysctl.txt`, content: '' }));
    assertError(await writer.postArchive('/api/v1/snapshots', await tarGzOf(entries)), 413, 'TOO_MANY_FILES');
    assertError(
      await writer.postJson('/api/v1/snapshots', { files: Object.fromEntries(entries.map((e) => [e.name, ''])) }),
      413,
      'TOO_MANY_FILES',
    );
  });

  it('a gzip bomb past HOOKPATH_MAX_UNPACKED_BYTES: 413 UNPACKED_TOO_LARGE', async () => {
    assertError(await writer.postArchive('/api/v1/snapshots', await gzipBomb(16 * MiB)), 413, 'UNPACKED_TOO_LARGE');
  });
});
