import { strict as assert } from 'node:assert';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

export const NB_SCHEMA = '/usr/share/ovn/ovn-nb.ovsschema';
export const SB_SCHEMA = '/usr/share/ovn/ovn-sb.ovsschema';

/** Real OVN databases of a test: the northbound and southbound ovsdb-servers and ovn-northd between them. */
export interface OvnDatabases {
  /** The databases' addresses (`unix:<rundir>/ovnnb_db.sock` or `tcp:127.0.0.1:<port>`). */
  nb: string;
  sb: string;
  /** OVN_RUNDIR and OVS_RUNDIR: the folder, where ovn-nbctl and ovn-sbctl find the unix sockets by default. */
  env: NodeJS.ProcessEnv;
  /** A tool run to completion with `env`; its stdout (a non-zero status fails the test). */
  run(cmd: string, args: readonly string[]): string;
  /** Kills the daemons. */
  stop(): void;
}

const appears = async (path: string): Promise<void> => {
  for (let i = 0; i < 300 && !existsSync(path); i++) await new Promise((r) => setTimeout(r, 50));
  assert.ok(existsSync(path), `${path} did not appear`);
};

/**
 * Creates both databases in `rundir`, serves them on unix sockets there or on the TCP `ports` of
 * 127.0.0.1, initialises them and starts ovn-northd. On a failure the daemons already started are
 * killed.
 */
export async function startOvnDatabases(rundir: string, ports?: { nb: number; sb: number }): Promise<OvnDatabases> {
  const env = { ...process.env, OVN_RUNDIR: rundir, OVS_RUNDIR: rundir };
  const daemons: ChildProcess[] = [];
  const run = (cmd: string, args: readonly string[]): string => {
    const r = spawnSync(cmd, args, { encoding: 'utf8', env, timeout: 30_000 });
    assert.equal(r.status, 0, `${cmd} ${args.join(' ')}: ${r.stderr}`);
    return r.stdout;
  };
  const stop = (): void => {
    for (const d of daemons) d.kill('SIGKILL');
  };
  const address = (db: string, port: number | undefined): string =>
    port === undefined ? `unix:${join(rundir, `${db}.sock`)}` : `tcp:127.0.0.1:${port}`;
  const nb = address('ovnnb_db', ports?.nb);
  const sb = address('ovnsb_db', ports?.sb);
  try {
    for (const [db, schema, port] of [
      ['ovnnb_db', NB_SCHEMA, ports?.nb],
      ['ovnsb_db', SB_SCHEMA, ports?.sb],
    ] as const) {
      run('ovsdb-tool', ['create', join(rundir, `${db}.db`), schema]);
      const remote = port === undefined ? `--remote=punix:${join(rundir, `${db}.sock`)}` : `--remote=ptcp:${port}:127.0.0.1`;
      const args = ['--no-chdir', `--log-file=${join(rundir, `${db}.log`)}`, remote, `--unixctl=${join(rundir, `${db}.ctl`)}`];
      daemons.push(spawn('ovsdb-server', [...args, join(rundir, `${db}.db`)], { env, stdio: 'ignore' }));
      if (port === undefined) await appears(join(rundir, `${db}.sock`));
    }
    if (ports !== undefined) {
      for (let i = 0; i < 100; i++) {
        const ready = spawnSync('ovsdb-client', ['list-dbs', nb], { timeout: 2000 }).status === 0;
        if (ready && spawnSync('ovsdb-client', ['list-dbs', sb], { timeout: 2000 }).status === 0) break;
        await new Promise((r) => setTimeout(r, 100));
      }
    }
    run('ovn-nbctl', [`--db=${nb}`, 'init']);
    run('ovn-sbctl', [`--db=${sb}`, 'init']);
    const northd = ['--no-chdir', `--log-file=${join(rundir, 'northd.log')}`, `--unixctl=${join(rundir, 'northd.ctl')}`];
    daemons.push(spawn('ovn-northd', [...northd, `--ovnnb-db=${nb}`, `--ovnsb-db=${sb}`], { env, stdio: 'ignore' }));
  } catch (error) {
    stop();
    throw error;
  }
  return { nb, sb, env, run, stop };
}
