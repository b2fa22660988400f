import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { ROOT } from '../support/paths';

/** `docker compose config` (the plugin) or `docker-compose config` (Debian's package), whichever is here. */
function composeConfig(file: string): { tool: string; status: number | null; output: string } | null {
  for (const [tool, args] of [
    ['docker', ['compose', '-f', file, 'config']],
    ['docker-compose', ['-f', file, 'config']],
  ] as const) {
    const result = spawnSync(tool, [...args], { encoding: 'utf8' });
    if (result.error !== undefined) continue;
    if (tool === 'docker' && /unknown (command|shorthand flag)|is not a docker command/i.test(result.stderr)) continue;
    return { tool, status: result.status, output: result.stdout + result.stderr };
  }
  return null;
}

describe('docker-compose.yml', () => {
  it('is a valid compose file with postgres, redis, api and worker, each with a health check', () => {
    const result = composeConfig(join(ROOT, 'docker-compose.yml'));
    assert.ok(result !== null, 'neither `docker compose` nor `docker-compose` is installed (.ci/run installs docker-compose)');
    assert.equal(result.status, 0, `${result.tool} config failed:\n${result.output}`);
    for (const service of ['postgres', 'redis', 'api', 'worker']) {
      assert.match(result.output, new RegExp(`^  ${service}:`, 'm'), `service ${service}`);
    }
    assert.equal(result.output.match(/healthcheck:/g)?.length, 4, 'four health checks');
    assert.match(result.output, /apps\/worker\/dist\/main\.js/, 'the worker runs apps/worker');
    assert.match(result.output, /condition: service_healthy/);
  });
});
