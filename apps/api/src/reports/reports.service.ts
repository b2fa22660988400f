import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { generateReportToken, hashReportToken, type CreatedReportDto } from '@hookpath/contracts';
import { ReportRepository, type Page, type ReportKindRecord, type ReportRecord } from '@hookpath/data-access';
import type { ReportDocument } from '@hookpath/report';
import { DEFAULT_REPORT_TTL_DAYS, type AppConfig } from '../config/app-config';
import { ApiException } from '../errors/api.exception';
import { APP_CONFIG } from '../infrastructure/tokens';
import { validateJobInput } from '../jobs/job-validation';
import { JobsService } from '../jobs/jobs.service';
import { ReportDocumentBuilder } from './report-document-builder';
import { reportUrl } from './report-link';
import { CREATE_REPORT_FIX, createReportSchema } from './report-request';

const DAY_MS = 24 * 60 * 60 * 1000;

/** Who asks for a report, and where its link will be opened. */
export interface ReportCaller {
  /** The API token's name (kept as `createdBy`). */
  createdBy: string;
  /** `https://host[:port][/prefix]`. */
  publicBase: string;
}

const KIND: Record<'trace' | 'trace-batch' | 'diff', ReportKindRecord> = { trace: 'trace', 'trace-batch': 'batch', diff: 'diff' };

export function reportNotFound(id: string): ApiException {
  return new ApiException('REPORT_NOT_FOUND', `no report with id ${JSON.stringify(id)}`, {
    fix: 'query `reports` in GraphQL lists the reports',
  });
}

/**
 * Shared reports: made from a completed job (the document frozen then), read through a secret
 * link until it expires or is revoked. The link's token is returned once and stored only hashed.
 */
@Injectable()
export class ReportsService {
  constructor(
    @Inject(JobsService) private readonly jobs: JobsService,
    @Inject(ReportRepository) private readonly reports: ReportRepository,
    @Inject(ReportDocumentBuilder) private readonly builder: ReportDocumentBuilder,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async create(jobId: string, body: unknown, where: 'body' | 'input', caller: ReportCaller): Promise<CreatedReportDto> {
    const input = validateJobInput(createReportSchema, body ?? {}, where, CREATE_REPORT_FIX);
    const job = await this.jobs.get(jobId);
    if (job.status !== 'completed') {
      const fix =
        job.status === 'queued' || job.status === 'running'
          ? `wait until it has completed (GET /api/v1/jobs/${job.id}?wait=60), then ask again`
          : 'a job that did not complete has no answer to share: submit the request again';
      throw new ApiException('JOB_NOT_COMPLETED', `job ${job.id} is ${job.status}: only a completed job can be shared as a report`, {
        fix,
      });
    }
    const now = new Date();
    const expiresAt = new Date(now.getTime() + (input.expiresInDays ?? this.config.reportTtlDays ?? DEFAULT_REPORT_TTL_DAYS) * DAY_MS);
    const id = randomUUID();
    const document = await this.builder.build(job, {
      id,
      title: input.title,
      createdAt: now.toISOString(),
      expiresAt: expiresAt.toISOString(),
    });
    const token = generateReportToken();
    await this.reports.create({
      id,
      tokenHash: hashReportToken(token),
      jobId: job.id,
      kind: KIND[job.kind],
      title: document.title,
      document,
      createdBy: caller.createdBy,
      createdAt: now,
      expiresAt,
    });
    return { id, url: reportUrl(caller.publicBase, token), expiresAt: expiresAt.toISOString() };
  }

  /** The link stops working at once; revoking again changes nothing. */
  async revoke(id: string): Promise<ReportRecord> {
    const report = await this.reports.revoke(id);
    if (report === null) throw reportNotFound(id);
    return report;
  }

  list(input: { first?: number | null; after?: string | null }): Promise<Page<ReportRecord>> {
    return this.reports.list(input);
  }

  /** The document a link opens; null for a token that is unknown, expired or revoked alike. */
  async open(token: string): Promise<{ report: ReportRecord; document: ReportDocument } | null> {
    const found = await this.reports.findLive(hashReportToken(token));
    return found === null ? null : { report: found.report, document: found.document as ReportDocument };
  }
}
