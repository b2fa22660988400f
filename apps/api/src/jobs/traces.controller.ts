import { Controller, Delete, Get, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { JobDto } from '@hookpath/contracts';
import type { Request, Response } from 'express';
import { RequiresScope } from '../auth/auth.decorators';
import { ApiErrorModel, TraceJobRequestModel } from '../openapi/openapi-models';
import { JobHttp } from './job-http';
import { ApiCancelJob, ApiGetJob, ApiSubmitJob } from './job-openapi';

@ApiTags('jobs')
@ApiBearerAuth()
@ApiResponse({ status: 401, type: ApiErrorModel, description: 'UNAUTHENTICATED' })
@ApiResponse({ status: 503, type: ApiErrorModel, description: 'DEPENDENCY_UNAVAILABLE: Postgres, or Redis for a submission' })
@Controller('api/v1/traces')
export class TracesController {
  constructor(private readonly http: JobHttp) {}

  @Post()
  @RequiresScope('write')
  @ApiSubmitJob('Trace one flow (optionally its round trip); `result` is the trace document', TraceJobRequestModel)
  submit(@Req() req: Request, @Res() res: Response, @Query() query: Record<string, unknown>): Promise<void> {
    return this.http.submit('trace', req, res, query);
  }

  @Get(':id')
  @ApiGetJob('A trace job')
  get(@Param('id') id: string, @Res() res: Response, @Query() query: Record<string, unknown>): Promise<void> {
    return this.http.get('trace', id, res, query);
  }

  @Delete(':id')
  @RequiresScope('write')
  @ApiCancelJob('Cancel a trace job')
  cancel(@Param('id') id: string): Promise<JobDto> {
    return this.http.cancel('trace', id);
  }
}
