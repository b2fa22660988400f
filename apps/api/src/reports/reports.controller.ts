import { Controller, Delete, HttpCode, Inject, Param, Post, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiCreatedResponse, ApiNoContentResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { CreatedReportDto } from '@hookpath/contracts';
import type { Request } from 'express';
import type { AuthenticatedRequest } from '../auth/auth.guard';
import { RequiresScope } from '../auth/auth.decorators';
import type { AppConfig } from '../config/app-config';
import { ApiException } from '../errors/api.exception';
import { APP_CONFIG } from '../infrastructure/tokens';
import { ApiErrorModel } from '../openapi/openapi-models';
import { CreatedReportModel, CreateReportBodyModel } from './report-openapi';
import { publicBase } from './public-base';
import { ReportsService } from './reports.service';

/** A body is optional; when there is one it must be JSON. */
function bodyOf(req: Request): unknown {
  const hasBody = Number(req.headers['content-length'] ?? 0) > 0 || req.headers['transfer-encoding'] !== undefined;
  if (hasBody && !req.is('application/json')) {
    throw new ApiException('UNSUPPORTED_MEDIA_TYPE', `content type ${JSON.stringify(req.headers['content-type'] ?? '')} is not accepted`, {
      fix: 'send no body, or JSON with Content-Type: application/json',
    });
  }
  return (req.body as unknown) ?? {};
}

/** Making and revoking share links of reports (the links themselves are served by ReportLinksController). */
@ApiTags('reports')
@ApiBearerAuth()
@ApiResponse({ status: 401, type: ApiErrorModel, description: 'UNAUTHENTICATED' })
@ApiResponse({ status: 403, type: ApiErrorModel, description: 'INSUFFICIENT_SCOPE: a read token' })
@Controller('api/v1')
export class ReportsController {
  constructor(
    @Inject(ReportsService) private readonly reports: ReportsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Post('jobs/:id/reports')
  @HttpCode(201)
  @RequiresScope('write')
  @ApiOperation({
    summary: 'Share a completed job as a report behind a secret link',
    description:
      'Freezes the job into a hookpath.report/v1 document (the trace, the snapshot summary and capture time, the hook paths of the hosts crossed, ' +
      'the re-run command) and answers a link `<HOOKPATH_PUBLIC_URL or the request origin>/r/<token>` that works without a token until `expiresAt` ' +
      '(default HOOKPATH_REPORT_TTL_DAYS, 30 days) or until revoked. The token is shown only in this answer; only its hash is stored.',
  })
  @ApiBody({ type: CreateReportBodyModel, required: false })
  @ApiCreatedResponse({ type: CreatedReportModel })
  @ApiResponse({ status: 400, type: ApiErrorModel, description: 'INVALID_REQUEST, INVALID_JSON' })
  @ApiResponse({ status: 404, type: ApiErrorModel, description: "JOB_NOT_FOUND, SNAPSHOT_NOT_FOUND (the job's snapshot was deleted)" })
  @ApiResponse({ status: 409, type: ApiErrorModel, description: 'JOB_NOT_COMPLETED: the job is queued, running, failed or cancelled' })
  @ApiResponse({ status: 415, type: ApiErrorModel, description: 'UNSUPPORTED_MEDIA_TYPE: a body that is not JSON' })
  create(@Param('id') id: string, @Req() req: AuthenticatedRequest): Promise<CreatedReportDto> {
    const body = bodyOf(req);
    return this.reports.create(id, body, 'body', {
      createdBy: req.apiToken?.name ?? 'unknown',
      publicBase: publicBase(this.config.publicUrl, req),
    });
  }

  @Delete('reports/:id')
  @HttpCode(204)
  @RequiresScope('write')
  @ApiOperation({ summary: 'Revoke a report: its link answers 404 from now on, like an unknown one' })
  @ApiNoContentResponse({ description: 'revoked (revoking again is no error)' })
  @ApiResponse({ status: 404, type: ApiErrorModel, description: 'REPORT_NOT_FOUND' })
  async revoke(@Param('id') id: string): Promise<void> {
    await this.reports.revoke(id);
  }
}
