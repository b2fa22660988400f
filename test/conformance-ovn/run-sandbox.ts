import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Scenario } from './scenario-file';

export interface SandboxRun {
  scenario: string;
  out: string;
  status: number | null;
  stderr: string;
  ms: number;
}

/** Runs sandbox/run-scenario.sh for one scenario (real ovsdb-server, ovn-northd, ovn-trace). */
export function runScenario(script: string, scenario: Scenario, out: string): Promise<SandboxRun> {
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn('bash', [script, scenario.file, out], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stdout.on('data', () => undefined);
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    const timer = setTimeout(() => child.kill('SIGTERM'), 120_000);
    child.on('close', (status, signal) => {
      clearTimeout(timer);
      resolve({
        scenario: scenario.name,
        out,
        status,
        stderr: signal === null ? stderr : `${stderr}\nkilled by ${signal}`,
        ms: Date.now() - started,
      });
    });
  });
}

/** Every scenario, at most `pool` at a time. */
export async function runScenarios(
  script: string,
  scenarios: readonly Scenario[],
  outDir: string,
  pool: number,
): Promise<Map<string, SandboxRun>> {
  const runs = new Map<string, SandboxRun>();
  const queue = [...scenarios];
  const worker = async (): Promise<void> => {
    for (let s = queue.shift(); s !== undefined; s = queue.shift()) runs.set(s.name, await runScenario(script, s, join(outDir, s.name)));
  };
  await Promise.all(Array.from({ length: pool }, worker));
  return runs;
}

/** The ovn-trace options a probe ran with, from its .cmd file (`--lb-dst`). */
export function probeOptions(out: string, probe: string): { lbDst?: string } {
  const cmd = join(out, 'traces', `${probe}.cmd`);
  const lbDst = existsSync(cmd) ? /--lb-dst[= ](\S+)/.exec(readFileSync(cmd, 'utf8'))?.[1] : undefined;
  return lbDst === undefined ? {} : { lbDst };
}

/** Why OVN cannot run here, or null. */
export function ovnMissing(): string | null {
  for (const tool of ['ovn-trace', 'ovn-nbctl', 'ovn-sbctl', 'ovn-northd', 'ovsdb-server', 'ovsdb-tool', 'ovsdb-client']) {
    if (spawnSync('sh', ['-c', `command -v ${tool}`]).status !== 0)
      return `${tool} is not installed (apt-get install ovn-central ovn-common openvswitch-common)`;
  }
  return null;
}
