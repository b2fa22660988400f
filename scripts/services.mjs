// Makes sure the local Postgres and Redis answer, starting Debian's services when they do not.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { connect } from 'node:net';

function reachable(host, port, timeoutMs = 1000) {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    const done = (ok) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

async function waitFor(host, port, seconds) {
  for (let i = 0; i < seconds * 4; i++) {
    if (await reachable(host, port)) return true;
    await new Promise((r) => setTimeout(r, 250));
  }
  return false;
}

function endpoint(url, fallbackPort) {
  const u = new URL(url);
  return { host: u.hostname || '127.0.0.1', port: Number(u.port || fallbackPort) };
}

export async function ensureServices(env = process.env) {
  const pg = endpoint(env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/hookpath', 5432);
  const redis = endpoint(env.REDIS_URL ?? 'redis://127.0.0.1:6379', 6379);
  if (!(await reachable(pg.host, pg.port))) {
    console.log(`• Postgres is not answering on ${pg.host}:${pg.port}; starting the local cluster`);
    let versions = [];
    try {
      versions = readdirSync('/etc/postgresql');
    } catch {
      versions = [];
    }
    for (const v of versions) spawnSync('pg_ctlcluster', ['--skip-systemctl-redirect', v, 'main', 'start'], { stdio: 'inherit' });
    if (!(await waitFor(pg.host, pg.port, 30))) throw new Error(`Postgres is not reachable at ${pg.host}:${pg.port} (set DATABASE_URL)`);
  }
  if (!(await reachable(redis.host, redis.port))) {
    console.log(`• Redis is not answering on ${redis.host}:${redis.port}; starting redis-server`);
    spawnSync(
      'redis-server',
      ['--daemonize', 'yes', '--bind', '127.0.0.1', '-::1', '--port', String(redis.port), '--save', '', '--appendonly', 'no'],
      { stdio: 'inherit' },
    );
    if (!(await waitFor(redis.host, redis.port, 15)))
      throw new Error(`Redis is not reachable at ${redis.host}:${redis.port} (set REDIS_URL)`);
  }
}
