export * from './rest/error-codes';
export * from './rest/api-error';
export * from './rest/snapshot-dtos';
export * from './api-token';
export * from './jobs';
