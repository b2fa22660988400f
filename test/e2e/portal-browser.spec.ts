import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, BrowserContext, Page, Request } from 'playwright-core';
import {
  ApiClient,
  BROWSER_ARTIFACTS_DIR,
  describeViolations,
  EXAMPLES_DIR,
  launchChromium,
  newPortalContext,
  packFolder,
  readFolder,
  REDIS_URL,
  ROOT,
  screenshot,
  seriousAxeViolations,
  startTestApp,
  tarGzOf,
  WorkerProcess,
  type TestApp,
} from '../support';

/**
 * The portal in a real browser (Debian's chromium) against the real API, worker, Postgres and Redis:
 * the walk-through, in order. Every page is screenshotted under test-artifacts/portal/ and
 * scanned with axe-core (no serious or critical violations).
 */

const SEED_004 =
  '/trace?from=pod-10-12-192-44&src=10.12.192.44&dst=10.12.115.101&proto=tcp&sport=44624&dport=80&backend=10.253.4.194%3A8000&roundTrip=true';
/** Seed 004's own question, without --backend: the IPVS rr service's three real servers are three paths. */
const SEED_004_ANY_BACKEND = '/trace?from=pod-10-12-192-44&src=10.12.192.44&dst=10.12.115.101&proto=tcp&dport=80&roundTrip=true';
const SEED_002 = '/trace?from=ovn%3Afip-busybox01.default&src=192.168.0.4&dst=172.19.0.1&proto=icmp&icmpId=20900';
const TIMEOUT = 60_000;
/** A host whose filter INPUT has 1,000 rules (ten pages): rule n accepts tcp port 1000 + n. */
const LONG_CHAIN_RULES = 1000;
const LONG_CHAIN = {
  'snapshot.yaml': 'name: long-chain\n',
  'hosts/fw/iptables-save.txt': [
    '*filter',
    ':INPUT DROP [0:0]',
    ...Array.from({ length: LONG_CHAIN_RULES }, (_, i) => `-A INPUT -p tcp -m tcp --dport ${1001 + i} -j ACCEPT`),
    'COMMIT',
    '',
  ].join('\n'),
};

async function checked(page: Page, name: string): Promise<void> {
  await screenshot(page, name);
  const violations = await seriousAxeViolations(page);
  assert.equal(violations.length, 0, `${name}: axe-core found serious violations:\n${describeViolations(violations)}`);
}

describe('the portal in chromium', { timeout: 600_000 }, () => {
  let t: TestApp;
  let worker: WorkerProcess;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const ids: Record<string, string> = {};
  let shareUrl = '';

  before(async () => {
    t = await startTestApp({ webRoot: join(ROOT, 'apps', 'web', 'dist') });
    worker = WorkerProcess.spawn({ databaseUrl: t.db.url, redisUrl: REDIS_URL, queuePrefix: t.queuePrefix, name: 'portal-e2e' });
    await worker.ready();
    const api = new ApiClient(t.baseUrl, t.writeToken);
    for (const name of ['000-vpc-nat-gw-eip-before', '000-vpc-nat-gw-eip', '002-ovn-fip-snat-dnat']) {
      const res = await api.postJson<{ id: string }>('/api/v1/snapshots', { files: await readFolder(join(EXAMPLES_DIR, name)) });
      assert.ok(res.status === 201 || res.status === 200, res.text);
      ids[name] = res.body.id;
    }
    const long = await api.postJson<{ id: string }>('/api/v1/snapshots', { files: LONG_CHAIN });
    assert.equal(long.status, 201, long.text);
    ids['long-chain'] = long.body.id;
    browser = await launchChromium();
    context = await newPortalContext(browser, t.baseUrl, t.writeToken);
    page = await context.newPage();
    page.setDefaultTimeout(TIMEOUT);
  });

  after(async () => {
    await browser?.close();
    await worker?.stop();
    await t?.close();
  });

  it('uploads an example as a .tar.gz and lists it with its capture time', async () => {
    await page.goto('/');
    await page.locator('[data-testid="snapshot-row"]').first().waitFor();
    await page.setInputFiles('[data-testid="upload-archive-input"]', {
      name: '004-eni-ipvs-rp-filter.tar.gz',
      mimeType: 'application/gzip',
      buffer: await packFolder(join(EXAMPLES_DIR, '004-eni-ipvs-rp-filter'), '004-eni-ipvs-rp-filter'),
    });
    const row = page.locator('[data-testid="snapshot-row"]', { hasText: '004-eni-ipvs-rp-filter' });
    await row.waitFor();
    ids['004'] = (await row.getAttribute('data-snapshot-id')) ?? '';
    assert.match(ids['004'], /^[0-9a-f-]{36}$/);
    assert.match(await row.innerText(), /2022-06-22 08:03 UTC/, 'the capture time (16:03 +08:00) in UTC');
    await checked(page, '01-snapshots');
  });

  it('shows why an upload is refused at file, line and column, and stores nothing', async () => {
    await page.goto('/');
    await page.locator('[data-testid="snapshot-row"]').first().waitFor();
    const before = await page.locator('[data-testid="snapshot-row"]').count();
    await page.setInputFiles('[data-testid="upload-archive-input"]', {
      name: 'broken.tar.gz',
      mimeType: 'application/gzip',
      buffer: await tarGzOf([
        { name: 'hosts/h/iptables-save.txt', content: '*filter\n:INPUT ACCEPT [0:0]\n-A INPUT -p tcp --dport 22 -j\nCOMMIT\n' },
      ]),
    });
    const error = page.locator('.error-panel[role="alert"]');
    await error.waitFor();
    const text = await error.innerText();
    assert.match(text, /SNAPSHOT_UNPARSABLE/);
    assert.match(text, /hosts\/h\/iptables-save\.txt:3:28/, 'the file, line and column');
    assert.match(text, /-j needs a target name/);
    await checked(page, '01b-upload-refused');
    await page.reload();
    await page.locator('[data-testid="snapshot-row"]').first().waitFor();
    assert.equal(await page.locator('[data-testid="snapshot-row"]').count(), before, 'nothing half-stored');
  });

  it('opens the snapshot: topology, hosts, hook paths and the NAT table', async () => {
    await page.goto(`/snapshots/${ids['004']}?tab=topology`);
    const topology = page.locator('[data-testid="topology"]');
    await page.locator('[data-testid="topo-node"]').first().waitFor();
    assert.ok(Number(await topology.getAttribute('data-node-count')) >= 2, 'the hosts are drawn');
    assert.match(await page.locator('main').innerText(), /2022-06-22/, 'the capture time stays in view');
    await checked(page, '02-snapshot-topology');

    await page.goto(`/snapshots/${ids['004']}?tab=hosts&host=node-10-12-97-49`);
    await page.getByText('rp_filter').first().waitFor();
    await checked(page, '03-snapshot-host');

    // The end of a long chain is read by position: the pages between are never asked for.
    const asked: unknown[] = [];
    const listen = (request: Request): void => {
      const body: unknown = request.method() === 'POST' ? request.postDataJSON() : null;
      if (
        typeof body === 'object' &&
        body !== null &&
        'operationName' in body &&
        body.operationName === 'ChainRules' &&
        'variables' in body
      ) {
        asked.push((body.variables as Record<string, unknown>)['afterPosition']);
      }
    };
    page.on('request', listen);
    try {
      await page.goto(`/snapshots/${ids['long-chain']}?tab=hosts&host=fw&table=filter&chain=INPUT`);
      const rules = page.getByRole('list', { name: 'Rules of filter INPUT' });
      await rules.locator('[data-testid="rule-row"]', { hasText: '--dport 1001 ' }).waitFor();
      await rules.evaluate((scroller) => scroller.scrollTo({ top: scroller.scrollHeight }));
      const lastRow = rules.locator('[data-testid="rule-row"]', { hasText: `--dport ${1000 + LONG_CHAIN_RULES} ` });
      await lastRow.waitFor();
      assert.equal(await lastRow.locator('.num').first().innerText(), String(LONG_CHAIN_RULES));
      assert.ok(asked.includes(0) && asked.includes(900), `the first and the last page: ${JSON.stringify(asked)}`);
      assert.deepEqual(
        asked.filter((p) => typeof p !== 'number' || (p > 0 && p < 700)),
        [],
        `no page between: ${JSON.stringify(asked)}`,
      );
      assert.match(await page.locator('.rule-status').innerText(), /^1,000 rules \(\d+ read so far\)$/);
    } finally {
      page.off('request', listen);
    }

    await page.goto(`/snapshots/${ids['004']}?tab=nat`);
    // The header draws before the rows arrive: wait for the row itself.
    await page.locator('[data-testid="nat-table"]', { hasText: '10.12.115.101' }).waitFor();
    assert.match(await page.locator('[data-testid="nat-table"]').innerText(), /10\.12\.115\.101/, 'the IPVS LoadBalancer service is a row');
    await checked(page, '04-snapshot-nat');

    await page.goto(`/snapshots/${ids['004']}?tab=hooks`);
    await page.getByText('PREROUTING').first().waitFor();
    await checked(page, '05-snapshot-hooks');
  });

  it("runs seed 004's trace: the reply's rp_filter drop lit on the hook path, with the fix", async () => {
    await page.goto(`${SEED_004}&snapshot=${ids['004']}`);
    await page.getByRole('button', { name: 'Trace', exact: true }).click();
    await page.waitForURL(/job=/);
    const verdicts = page.locator('[data-testid="verdict"], [data-testid="reply-verdict"]');
    await page.getByText('RP_FILTER').first().waitFor();
    assert.match((await verdicts.allInnerTexts()).join('\n'), /RP_FILTER/);
    const diagnosis = await page.locator('[data-testid="diagnosis"], [data-testid="reply-diagnosis"]').allInnerTexts();
    assert.match(diagnosis.join('\n'), /rp_filter/, 'the diagnosis names rp_filter');
    assert.match(diagnosis.join('\n'), /sysctl -w net\.ipv4\.conf\.[a-z0-9.]+\.rp_filter=2/, 'and gives the fix command');
    await checked(page, '06-trace-004-steps');

    await page.goto(`${page.url().replace(/&tab=[a-z-]+/, '')}&tab=hooks`);
    // One picture per Linux host crossed, request then reply; the reply's on the node carries the drop.
    // (Polled from here: waitForFunction's string form needs eval, which the portal's CSP refuses.)
    let svg = '';
    for (let i = 0; i < 240 && svg === ''; i++) {
      svg = String(
        await page.evaluate(
          `[...document.querySelectorAll('[data-testid="hook-path"]')].map((f) => f.outerHTML).find((html) => html.includes('✗')) ?? ''`,
        ),
      );
      if (svg === '') await page.waitForTimeout(250);
    }
    assert.match(svg, /node-10-12-97-49/, 'on the node where the reply arrived');
    assert.match(svg, /rp_filter/i);
    await checked(page, '07-trace-004-hook-path');
  });

  it("shows seed 004's trace without a backend as its three paths, each opening from its own link", async () => {
    await page.goto(`${SEED_004_ANY_BACKEND}&snapshot=${ids['004']}`);
    await page.getByRole('button', { name: 'Trace', exact: true }).click();
    await page.waitForURL(/job=/);
    const summary = page.locator('[data-testid="branch-summary"]');
    await summary.waitFor();
    assert.equal(await summary.innerText(), '3 paths: 2 DROPPED (NO_NEIGHBOR), 1 DELIVERED, reply DROPPED (RP_FILTER)');
    const rows = page.locator('[data-testid="branch-row"]');
    assert.equal(await rows.count(), 3);
    // By default the most likely path (the first of three equal ones), as the top level of the document.
    const first = rows.nth(0);
    assert.equal(await first.getAttribute('aria-pressed'), 'true');
    assert.match(await first.innerText(), /most likely/);
    assert.match(await first.innerText(), /33\.3%/);
    assert.match(
      await first.innerText(),
      /node-10-12-97-49 ipvs\s+10\.253\.1\.139:8000\s+among 10\.253\.1\.139:8000, 10\.253\.3\.5:8000, 10\.253\.4\.194:8000/,
    );
    assert.match(await first.innerText(), /DROPPED \(NO_NEIGHBOR\) at vpc-router/);
    assert.match(await page.locator('[data-testid="verdict"]').innerText(), /^Path 1\n[\s\S]*DROPPED \(NO_NEIGHBOR\)/i);
    assert.doesNotMatch(page.url(), /branch=/, 'the default needs no branch in the link');

    const rpFilterPath = rows.filter({ has: page.locator('strong', { hasText: '10.253.4.194:8000' }) });
    await rpFilterPath.click();
    await page.waitForURL(/[?&]branch=3(&|$)/);
    const shown = async (): Promise<void> => {
      await page.locator('[data-testid="reply-verdict"]').waitFor();
      assert.equal(await rows.nth(2).getAttribute('aria-pressed'), 'true');
      assert.equal(await rows.nth(0).getAttribute('aria-pressed'), 'false');
      assert.match(await rows.nth(2).innerText(), /DELIVERED to backend-10-253-4-194; reply DROPPED \(RP_FILTER\) at node-10-12-97-49/);
      assert.match(
        await page.locator('[data-testid="verdict"]').innerText(),
        /^Path 3 · Request\n[\s\S]*DELIVERED to backend-10-253-4-194/i,
      );
      assert.match(await page.locator('[data-testid="reply-verdict"]').innerText(), /^Path 3 · Reply\n[\s\S]*RP_FILTER/i);
      assert.match((await page.locator('[data-testid="reply-diagnosis"]').allInnerTexts()).join('\n'), /rp_filter/);
    };
    await shown();
    await checked(page, '06b-trace-004-branches');
    // The paths, the verdicts and the round trip in one screen (the README's picture).
    await page.evaluate(
      `window.scrollTo(0, document.querySelector('[data-testid="branches"]').getBoundingClientRect().top + window.scrollY - 60)`,
    );
    await page.screenshot({ path: join(BROWSER_ARTIFACTS_DIR, '06c-trace-004-branches-view.png') });

    // Up and Down move along the paths.
    await rows.nth(2).press('ArrowUp');
    await page.waitForURL(/[?&]branch=2(&|$)/);
    await page.keyboard.press('ArrowDown');
    await page.waitForURL(/[?&]branch=3(&|$)/);

    // The link opens the same path, in any tab: the hook path is that path's.
    await page.reload();
    await summary.waitFor();
    await shown();
    await page.goto(`${page.url()}&tab=hooks`);
    let svg = '';
    for (let i = 0; i < 240 && svg === ''; i++) {
      svg = String(
        await page.evaluate(
          `[...document.querySelectorAll('[data-testid="hook-path"]')].map((f) => f.outerHTML).find((html) => html.includes('✗')) ?? ''`,
        ),
      );
      if (svg === '') await page.waitForTimeout(250);
    }
    assert.match(svg, /rp_filter/i, "path 3's reply drop on the hook path");
  });

  it("runs seed 002's trace: OVN stages with their datapath, chassis and MACs", async () => {
    await page.goto(`${SEED_002}&snapshot=${ids['002-ovn-fip-snat-dnat']}`);
    await page.getByRole('button', { name: 'Trace', exact: true }).click();
    await page.locator('[data-testid="verdict"]').waitFor();
    assert.match(await page.locator('[data-testid="verdict"]').innerText(), /EXITED/);
    const ovn = (await page.locator('[data-testid="ovn-step"]').allInnerTexts()).join('\n');
    assert.match(ovn, /chassis 2922af73-b67b-49ab-9a70-018c40af25a7 \(kube-ovn-control-plane\)/, 'the gateway chassis');
    assert.match(ovn, /00:00:00:21:44:fd → 02:42:57:db:a9:c6/, "the router port's MAC to the next hop's");
    assert.match(await page.locator('main').innerText(), /lr_out_snat/);
    await checked(page, '08-trace-002');
  });

  it("runs seed 000's diff: the structural changes beside the flows they changed", async () => {
    await page.goto(`/diff?base=${ids['000-vpc-nat-gw-eip-before']}&target=${ids['000-vpc-nat-gw-eip']}&gen=outside-to-exposed`);
    await checked(page, '09-diff-form');
    await page.locator('form[aria-label="Snapshots to compare"] button[type="submit"]').click();
    await page.waitForURL(/\/jobs\//);
    await page.locator('[data-testid="job-progress"][data-status="COMPLETED"]').waitFor();
    await page.locator('[data-testid="structural-change"]').first().waitFor();
    assert.match(
      (await page.locator('[data-testid="structural-change"]').allInnerTexts()).join('\n'),
      /EXCLUSIVE/,
      'the EXCLUSIVE DNAT/SNAT rules that appeared',
    );
    assert.ok((await page.locator('[data-testid="cause-group"]').count()) > 0, 'changed flows grouped by cause');
    await checked(page, '10-diff-result');
  });

  it('shares the 004 trace as a report that opens without a token, exports Markdown and HTML, and can be revoked', async () => {
    await page.goto(`${SEED_004}&snapshot=${ids['004']}`);
    await page.getByRole('button', { name: 'Trace', exact: true }).click();
    await page.getByText('RP_FILTER').first().waitFor();
    await page.locator('[data-testid="share"]').click();
    const link = page.locator('[data-testid="share-link"]');
    await link.waitFor();
    shareUrl = (await link.getAttribute('href')) ?? '';
    assert.match(shareUrl, /\/r\/[A-Za-z0-9_-]{43,}$/, 'a link with at least 256 random bits');
    await checked(page, '11-trace-shared');

    const anonymous = await newPortalContext(browser, t.baseUrl);
    try {
      const reader = await anonymous.newPage();
      const res = await reader.goto(shareUrl);
      assert.equal(res?.status(), 200);
      const text = await reader.locator('body').innerText();
      assert.match(text, /RP_FILTER/);
      assert.match(text, /2022-06-22/, 'the capture time');
      assert.match(text, /hookpath trace .*--from pod-10-12-192-44/, 'the command that re-runs it');
      await checked(reader, '12-report');
      for (const [label, pattern] of [
        ['Markdown', /^\*\*✗ Not established: .*reply DROPPED \(RP_FILTER\) at node-10-12-97-49:eth0\*\*$/m],
        ['HTML', /^<!doctype html>[\s\S]*RP_FILTER/i],
      ] as const) {
        const [download] = await Promise.all([
          reader.waitForEvent('download'),
          reader
            .getByRole('link', { name: new RegExp(label) })
            .first()
            .click(),
        ]);
        const content = await readFile((await download.path()) ?? '', 'utf8');
        assert.match(content, pattern, `the ${label} export`);
        assert.match(content, /rp_filter/);
      }
    } finally {
      await anonymous.close();
    }

    await page.goto('/reports');
    await checked(page, '13-reports');
    await page.locator('[data-testid="revoke"]').first().click();
    await page.locator('[data-testid="confirm-revoke"]').first().click();
    await page
      .getByText(/revoked/i)
      .first()
      .waitFor();

    const later = await newPortalContext(browser, t.baseUrl);
    try {
      const reader = await later.newPage();
      const res = await reader.goto(shareUrl);
      assert.equal(res?.status(), 404, 'a revoked link answers 404');
      assert.doesNotMatch(await reader.locator('body').innerText(), /RP_FILTER|10\.12\./, 'and shows nothing of the report');
    } finally {
      await later.close();
    }
  });

  it('runs a batch: live progress, then the flows grouped by cause, each opening its trace', async () => {
    await page.goto(`/batch?snapshot=${ids['000-vpc-nat-gw-eip']}&gen=outside-to-exposed,pods-to-outside&outside=192.169.100.1`);
    await page.locator('form[aria-label="Batch of flows"]').waitFor();
    await checked(page, '14-batch-form');
    await page.getByRole('button', { name: 'Run batch' }).click();
    await page.waitForURL(/\/jobs\//);
    await page.locator('[data-testid="job-progress"][data-status="COMPLETED"]').waitFor();
    const flows = page.locator('[data-testid="flow-row"]');
    await flows.first().waitFor();
    assert.ok((await flows.count()) >= 2, 'the generated flows are listed');
    await checked(page, '15-batch-result');
  });

  it('names the paths on which a batch flow failed its expectation, and opens the flow on the first of them', async () => {
    const flowLine = encodeURIComponent('pod-10-12-192-44 10.12.192.44 10.12.115.101 tcp 80');
    await page.goto(`/batch?snapshot=${ids['004']}&flows=${flowLine}&expect=DELIVERED`);
    await page.getByRole('button', { name: 'Run batch' }).click();
    await page.waitForURL(/\/jobs\//);
    await page.locator('[data-testid="job-progress"][data-status="COMPLETED"]').waitFor();
    const failed = page.locator('[data-testid="failed-branches"]');
    await failed.waitFor();
    assert.match(await failed.innerText(), /failed on paths 1, 2$/);
    await page.locator('[data-testid="flow-row"] .flow-toggle').first().click();
    const rows = page.locator('[data-testid="branch-row"]');
    await rows.first().waitFor();
    assert.equal(await rows.count(), 3);
    assert.equal(await rows.nth(0).getAttribute('aria-pressed'), 'true');
    assert.match(await rows.nth(1).innerText(), /✗ expectation/);
    assert.doesNotMatch(await rows.nth(2).innerText(), /✗ expectation/);
    await checked(page, '15b-batch-failed-branches');
  });

  it('passes the accessibility scan in the dark theme too', async () => {
    const dark = await newPortalContext(browser, t.baseUrl, t.writeToken, 'dark');
    try {
      const p = await dark.newPage();
      p.setDefaultTimeout(TIMEOUT);
      await p.goto(`/snapshots/${ids['004']}?tab=hosts&host=node-10-12-97-49`);
      await p.getByText('rp_filter').first().waitFor();
      await checked(p, '16-dark-snapshot-host');
      // The paths too: the rp_filter path (3) has a reply.
      await p.goto(`${SEED_004_ANY_BACKEND}&snapshot=${ids['004']}`);
      await p.getByRole('button', { name: 'Trace', exact: true }).click();
      await p.locator('[data-testid="branch-row"][data-branch="3"]').click();
      await p.locator('[data-testid="reply-verdict"]').waitFor();
      await checked(p, '17-dark-trace');
    } finally {
      await dark.close();
    }
  });

  it('keeps every other page accessible: settings, an unknown address', async () => {
    await page.goto('/settings');
    await checked(page, '18-settings');
    await page.goto('/no/such/page');
    await page.getByText('Not found').waitFor();
    await checked(page, '19-not-found');
  });
});
