export * from './job-catalogue';
export * from './flow-request';
export * from './job-requests';
export * from './job-dtos';
export * from './branch-expectation';
