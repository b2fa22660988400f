import { Inject, Injectable } from '@nestjs/common';
import type { BatchFlowDto, JobDto, JobKind, PageInfoDto } from '@hookpath/contracts';
import type { FlowResultRecord } from '@hookpath/data-access';
import type { Request, Response } from 'express';
import { ApiException } from '../errors/api.exception';
import { toBatchFlowDto, toJobDto } from './job-dto-mappers';
import { getJobQuerySchema, jobLocation, listFlowsQuerySchema, listJobsQuerySchema, submitQuerySchema } from './job-query';
import { validateJobInput } from './job-validation';
import { isTerminal, JobsService } from './jobs.service';
import { junitReport } from './junit-report';

export interface JobListDto {
  items: JobDto[];
  pageInfo: PageInfoDto;
}

export interface BatchFlowListDto {
  items: BatchFlowDto[];
  pageInfo: PageInfoDto;
}

/** A JUnit report reads every stored flow of a batch or diff, this many per query. */
const JUNIT_FLOW_PAGE = 1000;

function header(req: Request, name: string): string | null {
  const value = req.headers[name];
  if (Array.isArray(value)) return value[0] ?? null;
  return value ?? null;
}

/** Aborts when the client goes away, so a long poll stops waiting for nobody. */
function disconnectSignal(res: Response): AbortSignal {
  const controller = new AbortController();
  res.once('close', () => controller.abort());
  return controller.signal;
}

/**
 * The REST behaviour shared by /traces, /trace-batches, /diffs and /jobs: status codes,
 * Location, Idempotency-Key, `?wait=` long polling and `?format=junit`.
 *
 * Status codes: a job that has ended by the time of the answer is 200, one still queued or
 * running is 202 (poll its Location, with `?wait=` to long-poll). A request whose
 * Idempotency-Key named an existing job answers that job with `Idempotent-Replayed: true`.
 */
@Injectable()
export class JobHttp {
  constructor(@Inject(JobsService) private readonly jobs: JobsService) {}

  async submit(kind: JobKind, req: Request, res: Response, query: unknown): Promise<void> {
    if (!req.is('application/json')) {
      throw new ApiException(
        'UNSUPPORTED_MEDIA_TYPE',
        `content type ${JSON.stringify(req.headers['content-type'] ?? '')} is not accepted`,
        {
          fix: 'send the request as JSON with Content-Type: application/json',
        },
      );
    }
    const { wait } = validateJobInput(submitQuerySchema, query, 'query');
    const { job, created } = await this.jobs.submit(kind, req.body, header(req, 'idempotency-key'));
    const current =
      wait !== undefined && wait > 0 && !isTerminal(job.status)
        ? await this.jobs.waitForEnd(job.id, wait, kind, disconnectSignal(res))
        : job;
    if (res.writableEnded || res.destroyed) return;
    res.setHeader('Location', jobLocation(kind, job.id));
    if (!created) res.setHeader('Idempotent-Replayed', 'true');
    res.status(isTerminal(current.status) ? 200 : 202).json(toJobDto(current));
  }

  /** One job as JSON or JUnit XML; `kind` undefined serves /jobs/:id (any kind). */
  async get(kind: JobKind | undefined, id: string, res: Response, query: unknown): Promise<void> {
    const { wait, format } = validateJobInput(getJobQuerySchema, query, 'query');
    const job =
      wait !== undefined && wait > 0 ? await this.jobs.waitForEnd(id, wait, kind, disconnectSignal(res)) : await this.jobs.get(id, kind);
    if (res.writableEnded || res.destroyed) return;
    if (format === 'junit') {
      const flows = job.kind !== 'trace' && job.status === 'completed' ? await this.allFlows(job.id, job.kind) : [];
      const request = await this.jobs.request(job.id);
      res
        .status(200)
        .type('application/xml; charset=utf-8')
        .send(junitReport({ ...job, request }, flows));
      return;
    }
    res.status(200).json(toJobDto(job));
  }

  async cancel(kind: JobKind | undefined, id: string): Promise<JobDto> {
    return toJobDto(await this.jobs.cancel(id, kind));
  }

  async list(query: unknown): Promise<JobListDto> {
    const { first, after, kind } = validateJobInput(listJobsQuerySchema, query, 'query');
    const page = await this.jobs.list({ first: first ?? null, after: after ?? null, kind: kind ?? null });
    return { items: page.items.map(toJobDto), pageInfo: { endCursor: page.endCursor, hasNextPage: page.hasNextPage } };
  }

  async flows(kind: 'trace-batch' | 'diff', id: string, query: unknown): Promise<BatchFlowListDto> {
    const { first, after, failed } = validateJobInput(listFlowsQuerySchema, query, 'query');
    const page = await this.jobs.flows(id, kind, { first: first ?? null, after: after ?? null, failedOnly: failed === 'true' });
    return { items: page.items.map(toBatchFlowDto), pageInfo: { endCursor: page.endCursor, hasNextPage: page.hasNextPage } };
  }

  private async allFlows(id: string, kind: 'trace-batch' | 'diff'): Promise<FlowResultRecord[]> {
    const flows: FlowResultRecord[] = [];
    let after: string | null = null;
    for (;;) {
      const page = await this.jobs.flows(id, kind, { first: JUNIT_FLOW_PAGE, after });
      flows.push(...page.items);
      if (!page.hasNextPage || page.endCursor === null) return flows;
      after = page.endCursor;
    }
  }
}
