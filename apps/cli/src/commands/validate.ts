import { parseArgs } from 'node:util';
import { parseSnapshot } from '@hookpath/parsers';
import { readSnapshotPath } from '@hookpath/snapshot-io';
import { EXIT_OK, EXIT_USAGE, UsageError } from '../cli-error';
import { formatIssue } from '../format-issue';

export const VALIDATE_USAGE = 'hookpath validate <snapshot-dir|snapshot.tar.gz> [--json]';

/** Parses a snapshot the way an upload would and reports every error and warning. */
export async function runValidate(args: string[]): Promise<number> {
  const { positionals, values } = parseArgs({ args, allowPositionals: true, options: { json: { type: 'boolean' } } });
  const path = positionals[0];
  if (path === undefined || positionals.length > 1) throw new UsageError(`usage: ${VALIDATE_USAGE}`);
  const files = await readSnapshotPath(path);
  const { model, errors } = parseSnapshot(files);
  if (values.json === true) {
    process.stdout.write(
      `${JSON.stringify({ ok: errors.length === 0, errors, warnings: model.warnings, hosts: model.hosts.map((h) => h.name) }, null, 2)}\n`,
    );
    return errors.length === 0 ? EXIT_OK : EXIT_USAGE;
  }
  for (const w of model.warnings) process.stderr.write(`warning: ${formatIssue(w)}\n`);
  for (const e of errors) process.stderr.write(`error: ${formatIssue(e)}\n`);
  if (errors.length > 0) {
    process.stderr.write(`${path}: ${errors.length} error(s); the snapshot would be refused\n`);
    return EXIT_USAGE;
  }
  const rules = model.hosts.reduce(
    (n, h) => n + (h.iptables?.tables.reduce((m, t) => m + t.chains.reduce((k, c) => k + c.rules.length, 0), 0) ?? 0),
    0,
  );
  process.stdout.write(
    `${path}: ok — ${files.length} files, ${model.hosts.length} host${model.hosts.length === 1 ? '' : 's'} (${model.hosts.map((h) => h.name).join(', ')}), ${rules} iptables rules\n`,
  );
  return EXIT_OK;
}
