import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { queueBoardAccess } from './admin/queue-board-access';
import { QUEUE_BOARD_PATH, QueueBoard } from './admin/queue-board';
import { AppModule } from './app.module';
import { GRAPHQL_PATH } from './graphql/graphql-api.module';
import type { AppConfig } from './config/app-config';
import { graphqlTokenMiddleware } from './auth/graphql-token.middleware';
import { TokenAuthenticator } from './auth/token-authenticator';
import { AllExceptionsFilter } from './errors/all-exceptions.filter';
import { jsonBodyParser } from './errors/json-body-parser';
import { graphqlBodyParser, graphqlHttpErrors } from './graphql/graphql-http';
import { JOB_REQUEST_PATHS, jobBodyParser } from './jobs/job-body-parser';
import { JsonLogger } from './logging/json-logger';
import { requestLogger } from './logging/request-logger';
import { ApiMetrics } from './metrics/api-metrics';
import { httpMetrics, METRICS_PATH, metricsEndpoint } from './metrics/metrics-http';
import { setupOpenApi } from './openapi/setup-openapi';
import { servePortal } from './portal/serve-portal';

export interface CreateAppOptions {
  /** Defaults to JSON lines on stdout at `config.logLevel`. */
  logger?: JsonLogger;
}

/**
 * Builds the API (REST, GraphQL, OpenAPI, auth, logging, error format, the portal) without listening:
 * main.ts and the end-to-end tests both start it through here.
 */
export async function createApp(config: AppConfig, options: CreateAppOptions = {}): Promise<NestExpressApplication> {
  const logger = options.logger ?? new JsonLogger(config.logLevel);
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config, logger), {
    logger,
    bodyParser: false,
    abortOnError: false,
  });
  app.use(requestLogger(logger));
  const metrics = app.get(ApiMetrics);
  app.use(httpMetrics(metrics));
  app.use(METRICS_PATH, metricsEndpoint(metrics, config.metricsToken));
  app.use(QUEUE_BOARD_PATH, queueBoardAccess(app.get(TokenAuthenticator)), app.get(QueueBoard).router);
  if (config.webRoot !== undefined) app.use(servePortal(config.webRoot));
  app.use(GRAPHQL_PATH, graphqlTokenMiddleware(app.get(TokenAuthenticator)));
  app.use(GRAPHQL_PATH, graphqlBodyParser(config.limits));
  app.use(GRAPHQL_PATH, graphqlHttpErrors(logger, { maxUploadBytes: config.limits.maxCompressedBytes }));
  app.use(JOB_REQUEST_PATHS, jobBodyParser(config.maxRequestBytes));
  app.use(
    jsonBodyParser({
      bytes: config.limits.maxCompressedBytes,
      what: 'the request body',
      fix: 'upload a .tar.gz as multipart field `file` (much smaller than JSON), or raise HOOKPATH_MAX_UPLOAD_BYTES',
    }),
  );
  app.useGlobalFilters(new AllExceptionsFilter(logger, { maxUploadBytes: config.limits.maxCompressedBytes }));
  app.disable('x-powered-by');
  app.enableShutdownHooks();
  setupOpenApi(app);
  return app;
}
