import { FLOW_GENERATOR_NAMES } from '@hookpath/model';
import { SnapshotInputError } from '@hookpath/snapshot-io';
import { EXIT_INTERNAL, EXIT_USAGE, UsageError } from './cli-error';
import { formatIssue } from './format-issue';
import { COLLECT_USAGE, runCollect } from './commands/collect';
import { COLLECT_CLUSTER_DESCRIPTION, COLLECT_CLUSTER_USAGE, runClusterCollect } from './commands/collect-cluster';
import { DIFF_USAGE, runDiff } from './commands/diff';
import { runTokenCreate } from './commands/token-create';
import { runSubmit, SUBMIT_BATCH_USAGE, SUBMIT_DIFF_USAGE, SUBMIT_TRACE_USAGE } from './commands/submit';
import { REPORT_USAGE, runReport } from './commands/report';
import { runTrace, TRACE_USAGE } from './commands/trace';
import { runUpload, UPLOAD_USAGE } from './commands/upload';
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
      (default: all of them, on both snapshots: ${FLOW_GENERATOR_NAMES.join(', ')})
      and/or --flow (<from> as in trace; no protocol: tcp with a port, else icmp); exits 3 when a flow changed
  ${REPORT_USAGE}
      render a shared report's JSON (downloaded from /r/<token>.json) offline as the server's
      Markdown, or with --html its standalone HTML page; --out writes a file instead of stdout
  ${COLLECT_USAGE}
      capture network namespaces (default: the current one) into a snapshot folder (run as root)
  ${COLLECT_CLUSTER_USAGE}
${COLLECT_CLUSTER_DESCRIPTION}
  hookpath token create --name <name> --scope read|write
      create an API token (needs DATABASE_URL, default the local Postgres)

Client of the REST API (for CI): --api <url> or HOOKPATH_API_URL (default http://127.0.0.1:3000),
--token <token> or HOOKPATH_TOKEN (required)
  ${UPLOAD_USAGE}
      store a snapshot; prints its id (--json: the API's answer)
  ${SUBMIT_TRACE_USAGE}
  ${SUBMIT_BATCH_USAGE}
  ${SUBMIT_DIFF_USAGE}
      submit a job; --wait waits until it ends (long polls), --wait=N at most N seconds, none: print the
      accepted job; --junit <file> writes the JUnit report (and waits); --json prints the job; progress on
      stderr when it is a terminal or with --progress; --flows: a JSON array of flows as the REST body
      takes them; generators: ${FLOW_GENERATOR_NAMES.join(', ')}

Exit status: 0 ok, 2 bad arguments or an unreadable snapshot, 1 internal error;
diff exits 0 when no flow changed behaviour and 3 when one did.
upload and submit: 0 done (submit: the job completed and no expectation failed), 2 bad arguments or an
API answer 4xx (its code, message and fix are printed), 1 the API unreachable or answering 5xx (may be
retried); submit also: 3 a diff in which a flow changed behaviour (none asserted against),
4 the job completed and an expectation failed (a diff: a same-as-base flow changed), 5 the job failed
or was cancelled, 6 --wait=N ran out before the job ended.`;

/**
 * Runs one CLI command and returns its exit status. As the kubectl plugin (`kubectl hookpath ...`,
 * bin/kubectl-hookpath.js), `collect` captures the cluster of kubectl's context.
 */
export async function main(argv: string[], as: { kubectlPlugin?: boolean } = {}): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'validate':
        return await runValidate(rest);
      case 'trace':
        return await runTrace(rest);
      case 'diff':
        return await runDiff(rest);
      case 'report':
        return await runReport(rest);
      case 'collect':
        return as.kubectlPlugin === true ? await runClusterCollect(rest) : await runCollect(rest);
      case 'upload':
        return await runUpload(rest);
      case 'submit':
        return await runSubmit(rest);
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
      for (const issue of error.issues)
        if (issue.line > 0 || !error.message.includes(issue.message)) process.stderr.write(`  ${formatIssue(issue)}\n`);
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
