import { Controller, Delete, Get, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { JobDto } from '@hookpath/contracts';
import type { Request, Response } from 'express';
import { RequiresScope } from '../auth/auth.decorators';
import { ApiErrorModel, DiffJobRequestModel } from '../openapi/openapi-models';
import { JobHttp, type BatchFlowListDto } from './job-http';
import { ApiCancelJob, ApiGetJob, ApiListFlows, ApiSubmitJob } from './job-openapi';

@ApiTags('jobs')
@ApiBearerAuth()
@ApiResponse({ status: 401, type: ApiErrorModel, description: 'UNAUTHENTICATED' })
@ApiResponse({ status: 503, type: ApiErrorModel, description: 'DEPENDENCY_UNAVAILABLE: Postgres, or Redis for a submission' })
@Controller('api/v1/diffs')
export class DiffsController {
  constructor(private readonly http: JobHttp) {}

  @Post()
  @RequiresScope('write')
  @ApiSubmitJob('Diff two snapshots: structural changes and the flows whose fate, path or translation changed', DiffJobRequestModel)
  submit(@Req() req: Request, @Res() res: Response, @Query() query: Record<string, unknown>): Promise<void> {
    return this.http.submit('diff', req, res, query);
  }

  @Get(':id')
  @ApiGetJob('A diff job (JUnit: one testcase per flow; a flow failing `same-as-base` or its expectation is a failure)')
  get(@Param('id') id: string, @Res() res: Response, @Query() query: Record<string, unknown>): Promise<void> {
    return this.http.get('diff', id, res, query);
  }

  @Get(':id/flows')
  @ApiListFlows('Every flow of the diff in order, `outcome` being {base, target, changes}')
  flows(@Param('id') id: string, @Query() query: Record<string, unknown>): Promise<BatchFlowListDto> {
    return this.http.flows('diff', id, query);
  }

  @Delete(':id')
  @RequiresScope('write')
  @ApiCancelJob('Cancel a diff job')
  cancel(@Param('id') id: string): Promise<JobDto> {
    return this.http.cancel('diff', id);
  }
}
