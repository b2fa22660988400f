import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startTestApp, type TestApp } from '../support';

/** The portal's static build served at `/` (HOOKPATH_WEB_ROOT), from a temporary build. */

const INDEX =
  '<!doctype html><html><head><script type="module" src="/assets/index-3f9a1c.js"></script></head><body><div id="root"></div></body></html>\n';
const SCRIPT = 'console.log("portal");\n';
const IMMUTABLE = 'public, max-age=31536000, immutable';

async function get(url: string, init: RequestInit = {}): Promise<{ status: number; headers: Headers; text: string }> {
  const response = await fetch(url, init);
  return { status: response.status, headers: response.headers, text: await response.text() };
}

describe('the portal at / (static build, SPA fallback)', () => {
  let root: string;
  let t: TestApp;
  let unbuilt: TestApp;

  before(async () => {
    root = await mkdtemp(join(tmpdir(), 'hookpath-web-'));
    await mkdir(join(root, 'assets'));
    await writeFile(join(root, 'index.html'), INDEX);
    await writeFile(join(root, 'assets', 'index-3f9a1c.js'), SCRIPT);
    await writeFile(join(root, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
    await writeFile(join(root, '.env'), 'SECRET=1\n');
    t = await startTestApp({ webRoot: root });
    unbuilt = await startTestApp({ database: t.db, webRoot: join(root, 'no-such-build') });
  });

  after(async () => {
    await unbuilt?.close();
    await t?.close();
    await rm(root, { recursive: true, force: true });
  });

  function assertPortalHeaders(headers: Headers): void {
    const csp = headers.get('content-security-policy') ?? '';
    const host = new URL(t.baseUrl).host;
    assert.match(csp, /(^|; )script-src 'self'(;|$)/, csp);
    assert.match(csp, /(^|; )default-src 'self'(;|$)/, csp);
    assert.match(csp, new RegExp(`(^|; )connect-src 'self' ws://${host} wss://${host}(;|$)`), csp);
    assert.match(csp, /frame-ancestors 'none'/);
    assert.equal(headers.get('x-content-type-options'), 'nosniff');
  }

  it('GET / is index.html, revalidated on every load, with the security headers', async () => {
    const res = await get(`${t.baseUrl}/`);
    assert.equal(res.status, 200);
    assert.equal(res.text, INDEX);
    assert.match(res.headers.get('content-type') ?? '', /^text\/html/);
    assert.equal(res.headers.get('cache-control'), 'no-cache');
    assertPortalHeaders(res.headers);
    const head = await fetch(`${t.baseUrl}/`, { method: 'HEAD' });
    assert.equal(head.status, 200);
    assert.equal(await head.text(), '');
  });

  it("a view's URL (no such file) is index.html too, for the portal's router", async () => {
    for (const path of [
      '/snapshots',
      '/snapshots/0b7c/hosts/node-1?tab=iptables',
      '/jobs/42/trace',
      '/apiary',
      '/healthy',
      '/graphqlish',
      '/report',
    ]) {
      const res = await get(`${t.baseUrl}${path}`);
      assert.equal(res.status, 200, path);
      assert.equal(res.text, INDEX, path);
      assert.equal(res.headers.get('cache-control'), 'no-cache', path);
      assertPortalHeaders(res.headers);
    }
  });

  it('hashed files under /assets/ are cached for a year; one that is missing is a 404, not index.html', async () => {
    const res = await get(`${t.baseUrl}/assets/index-3f9a1c.js`);
    assert.equal(res.status, 200);
    assert.equal(res.text, SCRIPT);
    assert.match(res.headers.get('content-type') ?? '', /javascript/);
    assert.equal(res.headers.get('cache-control'), IMMUTABLE);
    assertPortalHeaders(res.headers);
    const missing = await get(`${t.baseUrl}/assets/index-000000.js`);
    assert.equal(missing.status, 404);
    assert.match(missing.headers.get('content-type') ?? '', /^text\/plain/);
    const other = await get(`${t.baseUrl}/favicon.svg`);
    assert.equal(other.status, 200);
    assert.equal(other.headers.get('cache-control'), 'no-cache', 'an unhashed file is revalidated');
  });

  it('never serves a file outside the build, nor a dotfile', async () => {
    for (const path of ['/.env', '/..%2f..%2fetc%2fpasswd', '/%2e%2e/%2e%2e/etc/passwd']) {
      const res = await get(`${t.baseUrl}${path}`);
      assert.ok(!res.text.includes('SECRET') && !res.text.includes('root:'), path);
      assert.ok(res.status === 200 ? res.text === INDEX : res.status >= 400 && res.status < 500, `${path}: ${res.status}`);
    }
  });

  it('the API, GraphQL, health and share-link paths are never the portal', async () => {
    const health = await get(`${t.baseUrl}/health`);
    assert.match(health.headers.get('content-type') ?? '', /application\/json/);
    for (const path of ['/api', '/api/v1/snapshots', '/api/v1/nope', '/graphql', '/r/abc123', '/health/x']) {
      const res = await get(`${t.baseUrl}${path}`);
      assert.notEqual(res.text, INDEX, path);
      assert.equal(res.headers.get('content-security-policy'), null, path);
      assert.ok(res.status < 500, `${path}: ${res.status}`);
    }
    const api = await get(`${t.baseUrl}/api/v1/snapshots`);
    assert.equal(api.status, 401);
    const posted = await get(`${t.baseUrl}/snapshots`, { method: 'POST' });
    assert.notEqual(posted.text, INDEX, 'only GET and HEAD get the portal');
  });

  it('without a build, GET / is a 404 saying to run npm run build', async () => {
    for (const path of ['/', '/snapshots/x']) {
      const res = await get(`${unbuilt.baseUrl}${path}`);
      assert.equal(res.status, 404, path);
      assert.match(res.headers.get('content-type') ?? '', /^text\/plain/);
      assert.match(res.text, /npm run build/);
    }
    assert.equal((await get(`${unbuilt.baseUrl}/health`)).status, 200);
  });
});
