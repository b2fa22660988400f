export * from './paths';
export * from './test-database';
export * from './test-app';
export * from './archive';
export * from './http';
export * from './kube-proxy-snapshot';
export * from './sample-model';
export * from './prisma-schema';
