import { type ArgumentsHost, Catch, type ExceptionFilter } from '@nestjs/common';
import type { Response } from 'express';
import { GraphQLError } from 'graphql';
import type { RequestWithId } from '../logging/request-logger';
import type { JsonLogger } from '../logging/json-logger';
import { toErrorResponse } from './error-response';

/**
 * Every error of every route, as `{error: {code, message, fix?, issues?}}`. In GraphQL the same
 * code goes to `extensions.code` and Apollo shapes the response.
 */
@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  constructor(
    private readonly logger: JsonLogger,
    private readonly limits: { maxUploadBytes: number },
  ) {}

  catch(exception: unknown, host: ArgumentsHost): unknown {
    const mapped = toErrorResponse(exception, this.limits);
    if (mapped.unexpected) {
      const err = exception instanceof Error ? exception : new Error(String(exception));
      const requestId = host.getType<string>() === 'http' ? host.switchToHttp().getRequest<RequestWithId>().requestId : undefined;
      this.logger.entry('error', err.message, 'exceptions', {
        code: mapped.body.error.code,
        stack: err.stack,
        ...(requestId === undefined ? {} : { requestId }),
      });
    }
    if (host.getType<string>() === 'graphql') {
      if (exception instanceof GraphQLError) return exception;
      const { code, message, fix, issues } = mapped.body.error;
      return new GraphQLError(message, {
        extensions: { code, status: mapped.status, ...(fix ? { fix } : {}), ...(issues ? { issues } : {}) },
      });
    }
    const http = host.switchToHttp();
    const res = http.getResponse<Response>();
    const req = http.getRequest<RequestWithId>();
    if (res.headersSent) return undefined;
    const body = req.requestId === undefined ? mapped.body : { error: { ...mapped.body.error, requestId: req.requestId } };
    res.status(mapped.status).json(body);
    return undefined;
  }
}
