import { Controller, Delete, Get, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { JobDto } from '@hookpath/contracts';
import type { Request, Response } from 'express';
import { RequiresScope } from '../auth/auth.decorators';
import { ApiErrorModel, TraceBatchRequestModel } from '../openapi/openapi-models';
import { JobHttp, type BatchFlowListDto } from './job-http';
import { ApiCancelJob, ApiGetJob, ApiListFlows, ApiSubmitJob } from './job-openapi';

@ApiTags('jobs')
@ApiBearerAuth()
@ApiResponse({ status: 401, type: ApiErrorModel, description: 'UNAUTHENTICATED' })
@ApiResponse({ status: 503, type: ApiErrorModel, description: 'DEPENDENCY_UNAVAILABLE: Postgres, or Redis for a submission' })
@Controller('api/v1/trace-batches')
export class TraceBatchesController {
  constructor(private readonly http: JobHttp) {}

  @Post()
  @RequiresScope('write')
  @ApiSubmitJob('Trace up to 100,000 flows and/or generated flow sets; `result` is the summary, flows at /flows', TraceBatchRequestModel)
  submit(@Req() req: Request, @Res() res: Response, @Query() query: Record<string, unknown>): Promise<void> {
    return this.http.submit('trace-batch', req, res, query);
  }

  @Get(':id')
  @ApiGetJob('A batch job (JUnit: one testcase per flow)')
  get(@Param('id') id: string, @Res() res: Response, @Query() query: Record<string, unknown>): Promise<void> {
    return this.http.get('trace-batch', id, res, query);
  }

  @Get(':id/flows')
  @ApiListFlows("The batch's traced flows in order")
  flows(@Param('id') id: string, @Query() query: Record<string, unknown>): Promise<BatchFlowListDto> {
    return this.http.flows('trace-batch', id, query);
  }

  @Delete(':id')
  @RequiresScope('write')
  @ApiCancelJob('Cancel a batch job')
  cancel(@Param('id') id: string): Promise<JobDto> {
    return this.http.cancel('trace-batch', id);
  }
}
