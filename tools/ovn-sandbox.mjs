// A private OVN control plane in a temp dir, as shared/oracle/ovn/ovn-oracle.sh runs it: NB and SB
// ovsdb-servers and ovn-northd on unix sockets, every runtime file under the dir, every daemon a
// child of this process, stopped by its PID (also when the process exits on an error or a signal).
// Used by tools/gen-kube-ovn-nb.mjs (builds and compiles a northbound database) and by
// bench/trace-ovn.bench.mjs (serves a saved southbound database to ovn-trace).
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const NB_SCHEMA = '/usr/share/ovn/ovn-nb.ovsschema';
const SB_SCHEMA = '/usr/share/ovn/ovn-sb.ovsschema';
const live = new Set();

function killAll() {
  for (const sandbox of live) sandbox.stopNow();
}
process.on('exit', killAll);
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    killAll();
    process.exit(130);
  });
}

/** Why OVN cannot run here, or null when the binaries and schemas are installed. */
export function ovnUnavailable() {
  for (const bin of ['ovsdb-server', 'ovsdb-tool', 'ovsdb-client', 'ovn-northd', 'ovn-nbctl', 'ovn-sbctl', 'ovn-trace']) {
    if (spawnSync(bin, ['--version'], { stdio: 'ignore' }).error !== undefined) {
      return `${bin} is not installed (apt-get install -y ovn-central ovn-common openvswitch-common)`;
    }
  }
  if (!existsSync(NB_SCHEMA) || !existsSync(SB_SCHEMA)) return `no OVN schemas in /usr/share/ovn`;
  return null;
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

export class OvnSandbox {
  constructor(prefix = 'hookpath-ovn-') {
    this.dir = mkdtempSync(join(tmpdir(), prefix));
    this.children = new Map();
    this.nbDb = `unix:${join(this.dir, 'nb.sock')}`;
    this.sbDb = `unix:${join(this.dir, 'sb.sock')}`;
    const d = this.dir;
    this.env = {
      ...process.env,
      OVS_RUNDIR: d,
      OVS_LOGDIR: d,
      OVS_DBDIR: d,
      OVN_RUNDIR: d,
      OVN_LOGDIR: d,
      OVN_DBDIR: d,
      OVN_NB_DB: this.nbDb,
      OVN_SB_DB: this.sbDb,
    };
    live.add(this);
  }

  /** Runs a command to completion; throws with its stderr when it fails. */
  run(cmd, args, options = {}) {
    // A bounded wait: a signal to this process is handled only after spawnSync returns.
    const result = spawnSync(cmd, args, {
      encoding: 'utf8',
      env: this.env,
      cwd: this.dir,
      maxBuffer: 1 << 30,
      timeout: 20 * 60_000,
      killSignal: 'SIGKILL',
      ...options,
    });
    if (result.status !== 0) {
      const shown = args.length > 12 ? [...args.slice(0, 12), `… (${args.length} arguments)`] : args;
      throw new Error(
        `${cmd} ${shown.join(' ')} failed (${result.status ?? result.signal ?? result.error?.message}): ${(result.stderr ?? '').slice(0, 2000)}`,
      );
    }
    return result.stdout;
  }

  start(name, cmd, args) {
    const child = spawn(cmd, args, { env: this.env, cwd: this.dir, stdio: 'ignore' });
    child.on('error', () => {});
    this.children.set(name, child);
    return child;
  }

  async waitFor(path, what) {
    for (let i = 0; i < 3000; i++) {
      if (existsSync(path)) return;
      const dead = [...this.children.entries()].find(([, c]) => c.exitCode !== null);
      if (dead !== undefined)
        throw new Error(`${dead[0]} exited (${dead[1].exitCode}) before ${what} appeared; see ${join(this.dir, `${dead[0]}.log`)}`);
      await sleep(10);
    }
    throw new Error(`no ${what} after 30 s`);
  }

  /** An ovsdb-server for `name` (nb or sb) on `db`: a new database, or a copy of a saved one. */
  async startDb(name, savedDb = null) {
    const db = join(this.dir, `${name}.db`);
    if (savedDb === null) this.run('ovsdb-tool', ['create', db, name === 'nb' ? NB_SCHEMA : SB_SCHEMA]);
    else copyFileSync(savedDb, db);
    const sock = join(this.dir, `${name}.sock`);
    this.start(name, 'ovsdb-server', [
      '--no-chdir',
      `--log-file=${join(this.dir, `${name}.log`)}`,
      `--unixctl=${join(this.dir, `${name}.ctl`)}`,
      `--remote=punix:${sock}`,
      db,
    ]);
    await this.waitFor(sock, `${name}.sock`);
  }

  async startNorthd() {
    const ctl = join(this.dir, 'northd.ctl');
    this.start('northd', 'ovn-northd', [
      '--no-chdir',
      `--log-file=${join(this.dir, 'northd.log')}`,
      `--unixctl=${ctl}`,
      `--ovnnb-db=${this.nbDb}`,
      `--ovnsb-db=${this.sbDb}`,
    ]);
    await this.waitFor(ctl, 'northd.ctl');
  }

  /** A fresh NB + SB + northd, both databases initialised. */
  async startControlPlane() {
    await this.startDb('nb');
    await this.startDb('sb');
    this.run('ovn-nbctl', ['init']);
    this.run('ovn-sbctl', ['init']);
    await this.startNorthd();
  }

  /** Stops one daemon by PID and waits for it, so its database file is complete. */
  async stop(name) {
    const child = this.children.get(name);
    if (child === undefined) return;
    this.children.delete(name);
    if (child.exitCode !== null || child.signalCode !== null) return;
    let timer;
    const exited = new Promise((resolve) => {
      child.once('exit', resolve);
      timer = setTimeout(resolve, 10_000);
    });
    process.kill(child.pid, 'SIGTERM');
    await exited;
    clearTimeout(timer);
    if (child.exitCode === null && child.signalCode === null) process.kill(child.pid, 'SIGKILL');
  }

  /** Stops every daemon (northd first); the databases stay in the dir until stopNow(). */
  async stopDaemons() {
    for (const name of ['northd', 'sb', 'nb']) await this.stop(name);
  }

  /** Synchronous stop (exit handlers): SIGKILL by PID, then the temp dir goes. */
  stopNow() {
    for (const child of this.children.values()) {
      if (child.exitCode === null && child.signalCode === null) {
        try {
          process.kill(child.pid, 'SIGKILL');
        } catch {
          // already gone
        }
      }
    }
    this.children.clear();
    live.delete(this);
    rmSync(this.dir, { recursive: true, force: true });
  }
}
