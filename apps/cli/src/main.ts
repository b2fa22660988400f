import { SnapshotInputError } from '@hookpath/snapshot-io';
import { EXIT_INTERNAL, EXIT_USAGE, UsageError } from './cli-error';
import { formatIssue } from './format-issue';
import { COLLECT_USAGE, runCollect } from './commands/collect';
import { DIFF_USAGE, runDiff } from './commands/diff';
import { runTokenCreate } from './commands/token-create';
import { runTrace, TRACE_USAGE } from './commands/trace';
import { runValidate, VALIDATE_USAGE } from './commands/validate';

const USAGE = `hookpath — simulate packets through Kubernetes node network snapshots

Usage:
  ${VALIDATE_USAGE}
      parse a snapshot folder or .tar.gz and report every error with file, line and column
  ${TRACE_USAGE}
      simulate one packet through the snapshot: every hook, table, chain and rule it meets,
      the routing and conntrack decisions, and where it ends (--json: one JSON document)
  ${DIFF_USAGE}
      what differs between two snapshots (rules, routes, interfaces, conntrack, IPVS, OVN, ...), then
      which flows end differently and the change that causes it; flows come from the generators
      (default: all of them, on both snapshots: pods-to-services, pods-to-outside, outside-to-exposed)
      and/or --flow (<from> as in trace; no protocol: tcp with a port, else icmp); exits 3 when a flow changed
  ${COLLECT_USAGE}
      capture network namespaces (default: the current one) into a snapshot folder (run as root)
  hookpath token create --name <name> --scope read|write
      create an API token (needs DATABASE_URL, default the local Postgres)

Exit status: 0 ok, 2 bad arguments or an unreadable snapshot, 1 internal error;
diff exits 0 when no flow changed behaviour and 3 when one did.`;

/** Runs one CLI command and returns its exit status. */
export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'validate':
        return await runValidate(rest);
      case 'trace':
        return await runTrace(rest);
      case 'diff':
        return await runDiff(rest);
      case 'collect':
        return await runCollect(rest);
      case 'token':
        if (rest[0] !== 'create') throw new UsageError('usage: hookpath token create --name <name> --scope read|write');
        return await runTokenCreate(rest.slice(1));
      case undefined:
      case '-h':
      case '--help':
      case 'help':
        process.stdout.write(`${USAGE}\n`);
        return command === undefined ? EXIT_USAGE : 0;
      default:
        throw new UsageError(`unknown command ${JSON.stringify(command)}\n\n${USAGE}`);
    }
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`hookpath: ${error.message}\n`);
      return EXIT_USAGE;
    }
    if (error instanceof SnapshotInputError) {
      process.stderr.write(`hookpath: ${error.message}\n`);
      // issues that only repeat the message (a whole-file problem) are not printed twice
      for (const issue of error.issues) if (issue.line > 0 || !error.message.includes(issue.message)) process.stderr.write(`  ${formatIssue(issue)}\n`);
      return EXIT_USAGE;
    }
    if (error instanceof Error && 'code' in error && String((error as { code: unknown }).code).startsWith('ERR_PARSE_ARGS')) {
      process.stderr.write(`hookpath: ${error.message}\n`);
      return EXIT_USAGE;
    }
    process.stderr.write(`hookpath: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    return EXIT_INTERNAL;
  }
}
