import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { ROOT } from './paths';

/** Debian's chromium (installed by .ci/run); Playwright never downloads a browser here. */
export const CHROMIUM_PATH = process.env.HOOKPATH_CHROMIUM ?? '/usr/bin/chromium';

/** Where the browser tests write their screenshots and downloads (kept after the run as artifacts). */
export const BROWSER_ARTIFACTS_DIR = join(ROOT, 'test-artifacts', 'portal');

export async function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-dev-shm-usage'],
  });
}

/** A fresh context (no cookies, no storage) at a laptop's screen size; with a token, signed in to the portal. */
export async function newPortalContext(
  browser: Browser,
  baseUrl: string,
  token?: string,
  colorScheme: 'light' | 'dark' = 'light',
): Promise<BrowserContext> {
  const context = await browser.newContext({
    baseURL: baseUrl,
    viewport: { width: 1366, height: 768 },
    colorScheme,
    acceptDownloads: true,
  });
  if (token !== undefined)
    await context.addInitScript({ content: `window.localStorage.setItem('hookpath.token', ${JSON.stringify(token)});` });
  return context;
}

/** A full-page screenshot under test-artifacts/portal/<name>.png; returns its path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(BROWSER_ARTIFACTS_DIR, { recursive: true });
  const path = join(BROWSER_ARTIFACTS_DIR, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[]; html: string }[];
}

const AXE_SOURCE = (): string => readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

/** The axe-core violations of impact `serious` or `critical` on the page as it is now. */
export async function seriousAxeViolations(page: Page): Promise<AxeViolation[]> {
  // Evaluated through the DevTools protocol: the portal's Content-Security-Policy rightly refuses inline scripts.
  await page.evaluate(AXE_SOURCE());
  // Runs in the page (a string: the tests compile without the DOM library).
  const violations = (await page.evaluate(`axe.run(document, { resultTypes: ['violations'] }).then((r) =>
    r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => ({ target: n.target, html: n.html })) })))`)) as AxeViolation[];
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

/** Fails with the violations spelled out, so the test output says what to fix. */
export function describeViolations(violations: readonly AxeViolation[]): string {
  return violations
    .map((v) => `${v.impact} ${v.id}: ${v.help}\n  ${v.nodes.map((n) => `${n.target.join(' ')} ${n.html}`).join('\n  ')}`)
    .join('\n');
}
