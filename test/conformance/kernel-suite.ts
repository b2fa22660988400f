import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import type { Trace } from '@hookpath/engine';
import { ROOT } from '../support/paths';
import { shareProblems } from './compare/branch-shares';
import { compareDirection } from './compare/compare-direction';
import { loadSnapshot, runEngine } from './compare/run-engine';
import type { Observed } from './observe/observed';
import type { ObservedWithShares } from './observe/shares';

/**
 * The kernel conformance suite (conformance.spec.ts describes it), shared by the spec that runs the
 * scenarios with `hookpath collect --netns` and the one that takes their snapshots through
 * `kubectl hookpath collect` (kubectl-conformance.spec.ts).
 */

const SCENARIOS = join(ROOT, 'test', 'conformance', 'scenarios');
const TOOLS = ['ip', 'nft', 'xtables-monitor', 'iptables-restore', 'ipset', 'conntrack', 'nstat', 'jq', 'python3', 'stdbuf', 'bash'];

export function preflight(): string | null {
  if (process.getuid?.() !== 0) return 'not running as root (network namespaces need it)';
  const netns = spawnSync('ip', ['netns', 'list'], { encoding: 'utf8' });
  if (netns.error !== undefined || netns.status !== 0) return `\`ip netns\` is unavailable: ${netns.error?.message ?? netns.stderr.trim()}`;
  for (const tool of TOOLS) {
    const found = spawnSync('sh', ['-c', `command -v ${tool}`], { encoding: 'utf8' });
    if (found.status !== 0) return `${tool} is not installed`;
  }
  if (!existsSync(join(ROOT, 'apps', 'cli', 'dist', 'main.js'))) return 'the CLI is not built (npm run build)';
  return null;
}

/** Namespaces a killed scenario may have left behind (its own prefix only). */
function removeLeftovers(prefix: string): void {
  const list = spawnSync('ip', ['netns', 'list'], { encoding: 'utf8' }).stdout ?? '';
  for (const line of list.split('\n')) {
    const name = line.split(' ')[0] ?? '';
    if (name.startsWith(prefix)) spawnSync('ip', ['netns', 'del', name]);
  }
}

/** Every difference between one kernel packet (and its reply) and one engine trace. */
function pathProblems(c: Observed['cases'][number], trace: Trace): string[] {
  const problems = compareDirection(c.forward, trace);
  if (c.reply !== undefined) {
    if (trace.reply === undefined) problems.push('reply: the engine gave no reply trace for --round-trip');
    else problems.push(...compareDirection(c.reply, trace.reply).map((p) => `reply: ${p}`));
  }
  return problems;
}

/**
 * The kernel took one path. Where the snapshot does not fix a choice, it must be one of the
 * engine's branches; the differences shown are the most likely branch's (the top level).
 */
function caseProblems(c: Observed['cases'][number], trace: Trace): string[] {
  const top = pathProblems(c, trace);
  const branches = trace.branches ?? [];
  if (top.length === 0 || branches.length === 0) return top;
  if (branches.some((b) => pathProblems(c, b).length === 0)) return [];
  return [...top, `(nor does any other of the engine's ${branches.length} branches agree)`];
}

/**
 * A case whose kernel outcome the snapshot cannot decide (the scenario shows the kernel doing
 * different things with snapshots that read the same, and writes the reason to engine-unknown):
 * the engine must end UNKNOWN with that reason, never a confident answer.
 */
function unknownProblems(trace: Trace, reason: string): string[] {
  if (trace.disposition !== 'UNKNOWN')
    return [`the snapshot cannot decide this packet (${reason}), but the engine answered ${trace.disposition}`];
  const said = trace.dropReason ?? '';
  return said.includes(reason) ? [] : [`engine UNKNOWN for another reason: ${said}`];
}

/** One kernel conformance suite: the scenarios chosen, run as `collect` says, each within `timeoutMs`. */
export interface KernelSuite {
  title: string;
  /** File name prefixes of the scenarios to run; empty: all of them. */
  only: readonly string[];
  /** How the scenarios take their snapshots (lib.sh's HOOKPATH_CONFORMANCE_COLLECT). */
  collect: 'netns' | 'kubectl';
  timeoutMs: number;
}

/** The namespace name prefix lib.sh gives a scenario's namespaces in a collect mode. */
const namespacePrefix = (collect: KernelSuite['collect'], nn: string): string => `${collect === 'kubectl' ? 'hpck' : 'hpcf'}-${nn}-`;

export function kernelConformance({ title, only, collect, timeoutMs }: KernelSuite): void {
  const reason = preflight();
  const scenarios = readdirSync(SCENARIOS)
    .filter((f) => /^\d+-.*\.sh$/.test(f) && (only.length === 0 || only.some((p) => f.startsWith(p))))
    .sort();

  if (reason !== null) {
    if (process.env.HOOKPATH_SKIP_CONFORMANCE === '1') {
      process.stdout.write(`\n!!!!!!!! KERNEL CONFORMANCE SKIPPED (HOOKPATH_SKIP_CONFORMANCE=1): ${reason} !!!!!!!!\n\n`);
      test(title, { skip: `SKIPPED: ${reason}` }, () => undefined);
    } else {
      test(title, () => {
        assert.fail(
          `${title} cannot run: ${reason}. Run the tests as root on a Linux host with iproute2, nftables and iptables, or set HOOKPATH_SKIP_CONFORMANCE=1 to skip it knowingly.`,
        );
      });
    }
  } else {
    test(title, async (suite) => {
      for (const file of scenarios) {
        const name = file.replace(/\.sh$/, '');
        await suite.test(name, async (t) => {
          const base = process.env.HOOKPATH_CONFORMANCE_OUT;
          const folder = collect === 'kubectl' ? `${name}-kubectl` : name;
          const out = base === undefined ? mkdtempSync(join(tmpdir(), `hookpath-${folder}-`)) : join(base, folder);
          const run = spawnSync('bash', [join(SCENARIOS, file)], {
            env: { ...process.env, OUT: out, HOOKPATH_CONFORMANCE_COLLECT: collect },
            encoding: 'utf8',
            timeout: timeoutMs,
            killSignal: 'SIGTERM',
          });
          removeLeftovers(namespacePrefix(collect, name.split('-')[0] ?? ''));
          const log = existsSync(join(out, 'run.log')) ? readFileSync(join(out, 'run.log'), 'utf8') : '';
          assert.equal(run.status, 0, `scenario ${file} failed (status ${run.status ?? run.signal}) in ${out}:\n${run.stderr}\n${log}`);
          const observed = JSON.parse(readFileSync(join(out, 'observed.json'), 'utf8')) as Observed;
          const shares = (observed as ObservedWithShares).shares ?? [];
          assert.ok(observed.cases.length + shares.length > 0, `${file} recorded no case`);
          for (const c of observed.cases) {
            await t.test(c.id, async () => {
              const model = await loadSnapshot(join(out, c.snapshot));
              let problems: string[];
              const unknownFile = join(out, c.id, 'engine-unknown');
              const unknown = existsSync(unknownFile) ? readFileSync(unknownFile, 'utf8').trim() : null;
              try {
                const trace = runEngine(model, c.request);
                problems = unknown === null ? caseProblems(c, trace) : unknownProblems(trace, unknown);
              } catch (error) {
                problems = [`engine threw: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`];
              }
              const request = `hookpath trace ${join(out, c.snapshot)} --from ${c.request.from} ${JSON.stringify(c.request.packet)}${c.request.roundTrip ? ' --round-trip' : ''}`;
              if (problems.length > 0) assert.fail(`${name}/${c.id}: engine and kernel disagree\n${request}\n${problems.join('\n')}`);
            });
          }
          // many flows, one kernel decision each: the engine's branches and their probabilities (lib-shares.sh)
          for (const s of shares) {
            await t.test(s.id, async () => {
              const problems = await shareProblems(out, s);
              const request = `hookpath trace ${join(out, s.snapshot)} --from ${s.request.from} ${JSON.stringify(s.request.packet)}`;
              if (problems.length > 0)
                assert.fail(
                  `${name}/${s.id}: the engine's branches and ${s.samples} kernel flows disagree\n${request}\n${problems.join('\n')}`,
                );
            });
          }
        });
      }
    });
  }
}
