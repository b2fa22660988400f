export * from './rest/error-codes';
export * from './rest/api-error';
export * from './rest/snapshot-dtos';
export * from './rest/report-dtos';
export * from './api-token';
export * from './report-token';
export * from './jobs';
