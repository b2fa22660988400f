import { Controller, Delete, Get, Param, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiQuery, ApiResponse, ApiTags } from '@nestjs/swagger';
import { JOB_KINDS, type JobDto } from '@hookpath/contracts';
import type { Response } from 'express';
import { RequiresScope } from '../auth/auth.decorators';
import { ApiErrorModel, JobListModel } from '../openapi/openapi-models';
import { JobHttp, type JobListDto } from './job-http';
import { ApiCancelJob, ApiGetJob } from './job-openapi';

/** Every job whatever its kind: the list, and one job by id. */
@ApiTags('jobs')
@ApiBearerAuth()
@ApiResponse({ status: 401, type: ApiErrorModel, description: 'UNAUTHENTICATED' })
@ApiResponse({ status: 503, type: ApiErrorModel, description: 'DEPENDENCY_UNAVAILABLE' })
@Controller('api/v1/jobs')
export class JobsController {
  constructor(private readonly http: JobHttp) {}

  @Get()
  @ApiOperation({ summary: 'Jobs, newest first (cursor pagination; `first` is capped at 100)' })
  @ApiQuery({ name: 'first', required: false, type: Number })
  @ApiQuery({ name: 'after', required: false, type: String, description: 'pageInfo.endCursor of the previous page' })
  @ApiQuery({ name: 'kind', required: false, enum: JOB_KINDS })
  @ApiOkResponse({ type: JobListModel })
  @ApiResponse({ status: 400, type: ApiErrorModel, description: 'INVALID_REQUEST, INVALID_CURSOR' })
  list(@Query() query: Record<string, unknown>): Promise<JobListDto> {
    return this.http.list(query);
  }

  @Get(':id')
  @ApiGetJob('A job of any kind')
  get(@Param('id') id: string, @Res() res: Response, @Query() query: Record<string, unknown>): Promise<void> {
    return this.http.get(undefined, id, res, query);
  }

  @Delete(':id')
  @RequiresScope('write')
  @ApiCancelJob('Cancel a job of any kind')
  cancel(@Param('id') id: string): Promise<JobDto> {
    return this.http.cancel(undefined, id);
  }
}
