export { createApp, type CreateAppOptions } from './create-app';
export { loadConfig, ConfigError, LOG_LEVELS, DEFAULT_MAX_REQUEST_BYTES, type AppConfig, type LogLevel } from './config/app-config';
export { JsonLogger, type LogFields } from './logging/json-logger';
export { Public, RequiresScope, AuthGuard, type AuthenticatedRequest } from './auth';
export { ApiException } from './errors/api.exception';
export { printGraphqlSchema } from './graphql';
export { JobEvents } from './jobs';
