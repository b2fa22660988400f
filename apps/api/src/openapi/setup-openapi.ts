import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';

export const OPENAPI_PATH = 'api/docs';

/** Serves the OpenAPI document at /api/docs (UI) and /api/docs-json; no token needed to read it. */
export function setupOpenApi(app: INestApplication): void {
  const config = new DocumentBuilder()
    .setTitle('hookpath API')
    .setDescription(
      'Store Kubernetes network snapshots and ask what happens to a packet. Every operation except ' +
        'GET /health needs `Authorization: Bearer <token>` (`hookpath token create`). Errors are ' +
        '`{error: {code, message, fix?, issues?}}` with stable codes.',
    )
    .setVersion('1')
    .addBearerAuth()
    .build();
  const document = SwaggerModule.createDocument(app, config);
  SwaggerModule.setup(OPENAPI_PATH, app, document, { jsonDocumentUrl: `${OPENAPI_PATH}-json` });
}
