import { generateOpenApiDocument, type OpenAPIObject } from 'trpc-to-openapi';
import { appRouter } from './router';

export const API_VERSION = '1.0.0';
export const REST_BASE_PATH = '/api/v1';

/** The OpenAPI 3.1 document of every procedure with REST metadata; the SDK is generated from it. */
export function buildOpenApiDocument(options: { baseUrl: string }): OpenAPIObject {
  return generateOpenApiDocument(appRouter, {
    title: 'Cronwise API',
    version: API_VERSION,
    openApiVersion: '3.1.0',
    baseUrl: `${options.baseUrl.replace(/\/$/, '')}${REST_BASE_PATH}`,
    description:
      'Adaptive HTTP job scheduler. Authenticate with `Authorization: Bearer <API key>` (create keys under API keys in the app). Errors are JSON `{ code, message, httpStatus, issues?, limit?, retryAfterMs? }`.',
    docsUrl: '/api/docs',
    tags: ['jobs', 'endpoints', 'runs', 'health', 'schedules', 'alerts', 'account', 'api-keys'],
    securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer', description: 'An API key, e.g. cw_…' } },
  });
}
