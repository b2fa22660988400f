import { applyDecorators, type Type } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBody, ApiHeader, ApiOkResponse, ApiOperation, ApiProduces, ApiQuery, ApiResponse } from '@nestjs/swagger';
import { ApiErrorModel, BatchFlowListModel, JobModel } from '../openapi/openapi-models';
import { FLOW_PAGE, MAX_WAIT_SECONDS } from './jobs.service';

const WAIT_QUERY = ApiQuery({
  name: 'wait',
  required: false,
  type: Number,
  description: `long poll: answer as soon as the job has ended, or after this many seconds (0-${MAX_WAIT_SECONDS}) with the job as it is`,
});

const WRITE_ONLY = ApiResponse({ status: 403, type: ApiErrorModel, description: 'INSUFFICIENT_SCOPE: a read token' });

/** POST of a job resource. */
export function ApiSubmitJob(summary: string, body: Type<unknown>): MethodDecorator & ClassDecorator {
  return applyDecorators(
    ApiOperation({
      summary,
      description:
        '202 with the queued job and `Location: <resource>/<id>`; with `?wait=N`, 200 when the job ends within N seconds. ' +
        'The same `Idempotency-Key` with the same body answers the job it created (`Idempotent-Replayed: true`); with another body, 422.',
    }),
    ApiBody({ type: body }),
    ApiHeader({ name: 'Idempotency-Key', required: false, description: 'up to 200 printable ASCII characters, e.g. the CI job id' }),
    WAIT_QUERY,
    ApiAcceptedResponse({ type: JobModel, description: 'queued (or still running after `wait`)' }),
    ApiOkResponse({ type: JobModel, description: 'ended within `wait` seconds' }),
    ApiResponse({ status: 400, type: ApiErrorModel, description: 'INVALID_REQUEST (every issue, by path), INVALID_JSON' }),
    WRITE_ONLY,
    ApiResponse({ status: 404, type: ApiErrorModel, description: 'SNAPSHOT_NOT_FOUND' }),
    ApiResponse({ status: 413, type: ApiErrorModel, description: 'PAYLOAD_TOO_LARGE (HOOKPATH_MAX_REQUEST_BYTES)' }),
    ApiResponse({ status: 415, type: ApiErrorModel, description: 'UNSUPPORTED_MEDIA_TYPE: not JSON' }),
    ApiResponse({ status: 422, type: ApiErrorModel, description: 'IDEMPOTENCY_KEY_REUSED' }),
  );
}

/** GET of one job, as JSON or JUnit. */
export function ApiGetJob(summary: string): MethodDecorator & ClassDecorator {
  return applyDecorators(
    ApiOperation({ summary, description: 'Reads Postgres only: works while Redis is down.' }),
    WAIT_QUERY,
    ApiQuery({
      name: 'format',
      required: false,
      enum: ['json', 'junit'],
      description: '`junit`: JUnit XML, one testcase per flow, for CI report viewers',
    }),
    ApiProduces('application/json', 'application/xml'),
    ApiOkResponse({ type: JobModel }),
    ApiResponse({ status: 404, type: ApiErrorModel, description: 'JOB_NOT_FOUND' }),
  );
}

export function ApiCancelJob(summary: string): MethodDecorator & ClassDecorator {
  return applyDecorators(
    ApiOperation({
      summary,
      description:
        'A queued or running job becomes cancelled (a running one stops at its next check). A job that has already ended is returned unchanged.',
    }),
    ApiOkResponse({ type: JobModel }),
    WRITE_ONLY,
    ApiResponse({ status: 404, type: ApiErrorModel, description: 'JOB_NOT_FOUND' }),
  );
}

/** GET of the stored flows of a batch or a diff. */
export function ApiListFlows(what: string): MethodDecorator & ClassDecorator {
  return applyDecorators(
    ApiOperation({
      summary: `${what} (cursor pagination; \`first\` defaults to ${FLOW_PAGE.defaultSize}, capped at ${FLOW_PAGE.maxSize})`,
    }),
    ApiQuery({ name: 'first', required: false, type: Number }),
    ApiQuery({ name: 'after', required: false, type: String, description: 'pageInfo.endCursor of the previous page' }),
    ApiQuery({ name: 'failed', required: false, enum: ['true', 'false'], description: 'only the flows that failed their expectation' }),
    ApiOkResponse({ type: BatchFlowListModel }),
    ApiResponse({ status: 400, type: ApiErrorModel, description: 'INVALID_REQUEST, INVALID_CURSOR' }),
    ApiResponse({ status: 404, type: ApiErrorModel, description: 'JOB_NOT_FOUND' }),
  );
}
