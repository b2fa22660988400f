import { HttpException } from '@nestjs/common';
import { ERROR_STATUS, type ErrorCode } from '@hookpath/contracts';
import type { ParseIssue } from '@hookpath/model';

export interface ApiExceptionDetails {
  fix?: string;
  issues?: ParseIssue[];
}

/** An error with a stable code; its HTTP status comes from the code. */
export class ApiException extends HttpException {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: ApiExceptionDetails = {},
  ) {
    super(message, ERROR_STATUS[code]);
    this.name = 'ApiException';
  }
}
