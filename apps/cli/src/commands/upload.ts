import { readFile, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import type { SnapshotCreatedDto } from '@hookpath/contracts';
import { readSnapshotDirectory, SnapshotInputError } from '@hookpath/snapshot-io';
import { API_OPTIONS, API_OPTIONS_USAGE, HookpathApi, reportApiError, resolveApiTarget } from '../api-client';
import { EXIT_OK, UsageError } from '../cli-error';

export const UPLOAD_USAGE = `hookpath upload <snapshot-dir|snapshot.tar.gz> [--name <name>] [--json] ${API_OPTIONS_USAGE}`;

/** Uploads can be large (64 MiB by default): allow them longer than an ordinary call. */
const UPLOAD_TIMEOUT_MS = 300_000;

const SNAPSHOTS = '/api/v1/snapshots';

/** A folder goes up as the JSON files map (read with the same rules as the API applies); an archive as multipart `file`. */
export async function sendSnapshot(api: HookpathApi, path: string, name: string | undefined): Promise<SnapshotCreatedDto> {
  const info = await stat(path).catch(() => null);
  if (info === null) throw new SnapshotInputError('NOT_FOUND', `${path}: no such file or directory`);
  if (info.isDirectory()) {
    const files = await readSnapshotDirectory(path);
    const body = { name: name ?? basename(path.replace(/\/+$/, '')), files: Object.fromEntries(files.map((f) => [f.path, f.content])) };
    return (await api.post<SnapshotCreatedDto>(SNAPSHOTS, { json: body, timeoutMs: UPLOAD_TIMEOUT_MS })).body;
  }
  const form = new FormData();
  if (name !== undefined) form.append('name', name);
  form.append('file', new Blob([new Uint8Array(await readFile(path))], { type: 'application/gzip' }), basename(path));
  return (await api.post<SnapshotCreatedDto>(SNAPSHOTS, { form, timeoutMs: UPLOAD_TIMEOUT_MS })).body;
}

/**
 * `hookpath upload`: stores a snapshot through the API and prints its id on stdout (alone, so that
 * `SNAP=$(hookpath upload dir)` works), the details on stderr; `--json` prints the API's answer.
 */
export async function runUpload(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { name: { type: 'string' }, json: { type: 'boolean' }, ...API_OPTIONS },
  });
  const path = positionals[0];
  if (path === undefined || positionals.length > 1) throw new UsageError(`usage: ${UPLOAD_USAGE}`);
  const name = values.name?.trim();
  if (name === '') throw new UsageError('--name must not be empty');
  const api = new HookpathApi(resolveApiTarget(values, process.env));
  let created: SnapshotCreatedDto;
  try {
    created = await sendSnapshot(api, path, name);
  } catch (error) {
    const status = reportApiError(error, (line) => process.stderr.write(`${line}\n`));
    if (status === null) throw error;
    return status;
  }
  if (values.json === true) {
    process.stdout.write(`${JSON.stringify(created, null, 2)}\n`);
    return EXIT_OK;
  }
  process.stdout.write(`${created.id}\n`);
  const hosts = created.hosts.length === 0 ? 'no hosts' : `hosts ${created.hosts.join(', ')}`;
  process.stderr.write(
    `${created.existing ? 'already stored' : 'stored'}: snapshot "${created.name}" ${created.id}, ${created.fileCount} files, ${hosts}\n`,
  );
  if (created.warnings.length > 0)
    process.stderr.write(`${created.warnings.length} warning(s); GET ${SNAPSHOTS}/${created.id} lists them\n`);
  return EXIT_OK;
}
