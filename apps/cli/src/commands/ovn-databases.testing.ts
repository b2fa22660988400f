import { strict as assert } from 'node:assert';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

export const NB_SCHEMA = '/usr/share/ovn/ovn-nb.ovsschema';
export const SB_SCHEMA = '/usr/share/ovn/ovn-sb.ovsschema';

/** A private key, its certificate and the CA certificate the peer's certificate must be signed by. */
export interface OvnTlsFiles {
  privateKey: string;
  certificate: string;
  caCert: string;
}

/** The files of a test's PKI, made by ovs-pki: one CA signed both certificates, the other none of them. */
export interface OvnPki {
  server: OvnTlsFiles;
  client: OvnTlsFiles;
  /** The certificate of a CA that signed neither the server's nor the client's certificate. */
  otherCaCert: string;
}

/**
 * Makes a PKI in `dir` with ovs-pki (openvswitch-common), offline: its two CAs (pki/switchca and
 * pki/controllerca), and a server and a client certificate both signed by switchca.
 */
export function createOvnPki(dir: string): OvnPki {
  const pki = ['--dir', join(dir, 'pki'), '--log', join(dir, 'ovs-pki.log')];
  // Run in `dir` with bare names: a certificate's common name is its name (and an id), at most 64 characters.
  for (const args of [['init'], ['req+sign', 'server', 'switch'], ['req+sign', 'client', 'switch']]) {
    const r = spawnSync('ovs-pki', [...pki, ...args], { cwd: dir, encoding: 'utf8', timeout: 60_000 });
    assert.equal(r.status, 0, `ovs-pki ${args.join(' ')} in ${dir}: ${r.stdout}${r.stderr}`);
  }
  const caCert = join(dir, 'pki', 'switchca', 'cacert.pem');
  const files = (name: string): OvnTlsFiles => ({
    privateKey: join(dir, `${name}-privkey.pem`),
    certificate: join(dir, `${name}-cert.pem`),
    caCert,
  });
  return { server: files('server'), client: files('client'), otherCaCert: join(dir, 'pki', 'controllerca', 'cacert.pem') };
}

/** Real OVN databases of a test: the northbound and southbound ovsdb-servers and ovn-northd between them. */
export interface OvnDatabases {
  /** The databases' addresses (`unix:<rundir>/ovnnb_db.sock`, `tcp:127.0.0.1:<port>` or `ssl:127.0.0.1:<port>`). */
  nb: string;
  sb: string;
  /** What a client adds to reach ssl: addresses (`-p <key> -c <cert> -C <ca cert>`); empty without TLS. */
  ssl: string[];
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
 * Creates both databases in `rundir`, serves them on unix sockets there or on the `ports` of
 * 127.0.0.1 (TCP, or SSL with `tls`: the servers present `tls.server` and accept clients whose
 * certificate its CA signed), initialises them and starts ovn-northd (a client with `tls.client`). On
 * a failure the daemons already started are killed.
 */
export async function startOvnDatabases(
  rundir: string,
  ports?: { nb: number; sb: number },
  tls?: { server: OvnTlsFiles; client: OvnTlsFiles },
): Promise<OvnDatabases> {
  assert.ok(tls === undefined || ports !== undefined, 'TLS needs ports');
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
    port === undefined ? `unix:${join(rundir, `${db}.sock`)}` : `${tls === undefined ? 'tcp' : 'ssl'}:127.0.0.1:${port}`;
  const ssl = tls === undefined ? [] : ['-p', tls.client.privateKey, '-c', tls.client.certificate, '-C', tls.client.caCert];
  const serverTls =
    tls === undefined
      ? []
      : [`--private-key=${tls.server.privateKey}`, `--certificate=${tls.server.certificate}`, `--ca-cert=${tls.server.caCert}`];
  const nb = address('ovnnb_db', ports?.nb);
  const sb = address('ovnsb_db', ports?.sb);
  try {
    for (const [db, schema, port] of [
      ['ovnnb_db', NB_SCHEMA, ports?.nb],
      ['ovnsb_db', SB_SCHEMA, ports?.sb],
    ] as const) {
      run('ovsdb-tool', ['create', join(rundir, `${db}.db`), schema]);
      const remote =
        port === undefined
          ? `--remote=punix:${join(rundir, `${db}.sock`)}`
          : `--remote=${tls === undefined ? 'ptcp' : 'pssl'}:${port}:127.0.0.1`;
      const args = [
        '--no-chdir',
        `--log-file=${join(rundir, `${db}.log`)}`,
        remote,
        ...serverTls,
        `--unixctl=${join(rundir, `${db}.ctl`)}`,
      ];
      daemons.push(spawn('ovsdb-server', [...args, join(rundir, `${db}.db`)], { env, stdio: 'ignore' }));
      if (port === undefined) await appears(join(rundir, `${db}.sock`));
    }
    if (ports !== undefined) {
      for (let i = 0; i < 100; i++) {
        const ready = spawnSync('ovsdb-client', [...ssl, 'list-dbs', nb], { timeout: 2000 }).status === 0;
        if (ready && spawnSync('ovsdb-client', [...ssl, 'list-dbs', sb], { timeout: 2000 }).status === 0) break;
        await new Promise((r) => setTimeout(r, 100));
      }
    }
    run('ovn-nbctl', [`--db=${nb}`, ...ssl, 'init']);
    run('ovn-sbctl', [`--db=${sb}`, ...ssl, 'init']);
    const northd = ['--no-chdir', `--log-file=${join(rundir, 'northd.log')}`, `--unixctl=${join(rundir, 'northd.ctl')}`];
    daemons.push(spawn('ovn-northd', [...northd, `--ovnnb-db=${nb}`, `--ovnsb-db=${sb}`, ...ssl], { env, stdio: 'ignore' }));
  } catch (error) {
    stop();
    throw error;
  }
  return { nb, sb, ssl, env, run, stop };
}
