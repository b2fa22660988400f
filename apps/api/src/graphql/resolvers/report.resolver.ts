import { Inject } from '@nestjs/common';
import { Args, Context, ID, Int, Mutation, Query, Resolver } from '@nestjs/graphql';
import { reportCursor, type ReportRecord } from '@hookpath/data-access';
import type { AuthenticatedRequest } from '../../auth/auth.guard';
import { RequiresScope } from '../../auth/auth.decorators';
import type { AppConfig } from '../../config/app-config';
import { APP_CONFIG } from '../../infrastructure/tokens';
import { publicBase } from '../../reports/public-base';
import { ReportsService } from '../../reports/reports.service';
import type { GraphqlContext } from '../graphql-context';
import { readPage } from '../pagination/cursor-error';
import { CONNECTION_PAGE, clampFirst, pagedCost } from '../pagination/page-size';
import { CreatedReportType, ReportConnectionType, ReportKindValue, ReportType } from '../types/report.type';

function toReportNode(report: ReportRecord): ReportType {
  return { ...report, kind: report.kind as ReportKindValue };
}

/** Shared reports: make one from a completed job (the link is shown once), list them, revoke one. */
@Resolver(() => ReportType)
export class ReportResolver {
  constructor(
    @Inject(ReportsService) private readonly service: ReportsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Query(() => ReportConnectionType, {
    description: `Reports, newest first (never their links). \`first\` defaults to ${CONNECTION_PAGE.defaultSize} and is capped at ${CONNECTION_PAGE.maxSize}.`,
    complexity: pagedCost(CONNECTION_PAGE),
  })
  async reports(
    @Args('first', { type: () => Int, nullable: true, defaultValue: CONNECTION_PAGE.defaultSize }) first: number | null,
    @Args('after', { type: () => String, nullable: true, description: 'endCursor of the previous page.' }) after: string | null,
  ): Promise<ReportConnectionType> {
    const page = await readPage(() => this.service.list({ first: clampFirst(first, CONNECTION_PAGE), after }));
    return {
      edges: page.items.map((report) => ({ cursor: reportCursor(report), node: toReportNode(report) })),
      pageInfo: { endCursor: page.endCursor, hasNextPage: page.hasNextPage },
    };
  }

  @Mutation(() => CreatedReportType, {
    description:
      'Share a completed job: freezes it into a hookpath.report/v1 document and returns its secret link (`/r/<token>`, shown only here). ' +
      'JOB_NOT_COMPLETED while the job is queued or running, or when it failed.',
  })
  @RequiresScope('write')
  async createReport(
    @Args('jobId', { type: () => ID }) jobId: string,
    @Args('expiresInDays', { type: () => Int, nullable: true, description: '1-365; default HOOKPATH_REPORT_TTL_DAYS (30).' })
    expiresInDays: number | null,
    @Args('title', { type: () => String, nullable: true, description: 'Default: made from the question.' }) title: string | null,
    @Context() context: GraphqlContext,
  ): Promise<CreatedReportType> {
    const req = context.req as AuthenticatedRequest;
    const input = {
      ...(expiresInDays === null || expiresInDays === undefined ? {} : { expiresInDays }),
      ...(title === null || title === undefined ? {} : { title }),
    };
    const created = await this.service.create(jobId, input, 'input', {
      createdBy: req.apiToken?.name ?? 'unknown',
      publicBase: publicBase(this.config.publicUrl, req),
    });
    return { id: created.id, url: created.url, expiresAt: new Date(created.expiresAt) };
  }

  @Mutation(() => ReportType, { description: 'Revoke a report: its link answers 404 from now on. REPORT_NOT_FOUND for an unknown id.' })
  @RequiresScope('write')
  async revokeReport(@Args('id', { type: () => ID }) id: string): Promise<ReportType> {
    return toReportNode(await this.service.revoke(id));
  }
}
