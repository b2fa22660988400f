import { writeFile } from 'node:fs/promises';
import type { BatchFlowDto, JobDto, PageInfoDto } from '@hookpath/contracts';
import { HookpathApi, reportApiError, resolveApiTarget } from '../api-client';
import { EXIT_OK } from '../cli-error';
import { parseSubmitArgs, SUBMIT_BATCH_USAGE, SUBMIT_DIFF_USAGE, SUBMIT_TRACE_USAGE, type SubmitArgs } from './submit-args';
import { EXIT_JOB_FAILED, failedFlowLine, FAILED_FLOWS_SHOWN, jobExitStatus, summaryLine } from './submit-report';
import { hasEnded, waitForJob } from './submit-wait';

export { SUBMIT_BATCH_USAGE, SUBMIT_DIFF_USAGE, SUBMIT_TRACE_USAGE };

interface FlowPage {
  items: BatchFlowDto[];
  pageInfo: PageInfoDto;
}

const err = (line: string): void => {
  process.stderr.write(`${line}\n`);
};

/** Progress on stderr, one line each time it moves, so a CI log shows it as well as a terminal. */
function progressPrinter(enabled: boolean): (job: JobDto) => void {
  let last = '';
  return (job) => {
    if (!enabled) return;
    const line = `${job.kind} ${job.id}: ${job.status} ${job.progress.done}/${job.progress.total}`;
    if (line !== last) err(line);
    last = line;
  };
}

async function writeJunit(api: HookpathApi, location: string, file: string): Promise<void> {
  const report = await api.get<string>(`${location}?format=junit`);
  await writeFile(file, report.text);
  err(`JUnit report written to ${file}`);
}

/** The first failed flows of a batch or diff, from `<Location>/flows?failed=true`. */
async function failedFlows(api: HookpathApi, location: string): Promise<BatchFlowDto[]> {
  return (await api.get<FlowPage>(`${location}/flows?failed=true&first=${FAILED_FLOWS_SHOWN}`)).body.items;
}

async function submit(api: HookpathApi, options: SubmitArgs): Promise<number> {
  const headers: Record<string, string> = options.idempotencyKey === null ? {} : { 'idempotency-key': options.idempotencyKey };
  const answer = await api.post<JobDto>(options.path, { json: options.body, headers });
  const location = answer.headers.get('location') ?? `${options.path}/${answer.body.id}`;
  if (answer.headers.get('idempotent-replayed') === 'true')
    err(`Idempotency-Key ${JSON.stringify(options.idempotencyKey)}: the API answered the job it names (${answer.body.id})`);
  const job =
    options.wait.kind === 'none'
      ? answer.body
      : await waitForJob(api, location, answer.body, options.wait, progressPrinter(options.progress || process.stderr.isTTY === true));
  if (options.junit !== null) {
    if (hasEnded(job)) await writeJunit(api, location, options.junit);
    else err(`no JUnit report written: the job has not ended`);
  }
  const failed =
    !options.json && job.status === 'completed' && job.kind !== 'trace' && (job.expectations?.failed ?? 0) > 0
      ? await failedFlows(api, location)
      : [];
  if (options.json) process.stdout.write(`${JSON.stringify(job, null, 2)}\n`);
  else {
    process.stdout.write(`${summaryLine(job)}\n`);
    for (const flow of failed) process.stdout.write(`${failedFlowLine(job.kind, flow)}\n`);
    const more = (job.expectations?.failed ?? 0) - failed.length;
    if (more > 0) process.stdout.write(`  ... and ${more} more: GET ${location}/flows?failed=true\n`);
  }
  if (jobExitStatus(job) === EXIT_JOB_FAILED) {
    const reason = job.error === null ? 'no error recorded' : `${job.error.code}: ${job.error.message}`;
    err(`hookpath: ${job.kind} job ${job.id} ${job.status}: ${reason}`);
  }
  if (!hasEnded(job)) {
    err(`${job.kind} job ${job.id} is ${job.status}; follow it at ${api.url(location)}`);
    // without --wait the submission itself is the result
    return options.wait.kind === 'none' ? EXIT_OK : jobExitStatus(job);
  }
  return jobExitStatus(job);
}

/**
 * `hookpath submit trace|batch|diff`: submits a job to the API, waits for it with long polls, and
 * exits with a status a CI step can gate on.
 */
export async function runSubmit(args: string[]): Promise<number> {
  const options = await parseSubmitArgs(args);
  const api = new HookpathApi(resolveApiTarget(options, process.env));
  try {
    return await submit(api, options);
  } catch (error) {
    const status = reportApiError(error, err);
    if (status === null) throw error;
    return status;
  }
}
