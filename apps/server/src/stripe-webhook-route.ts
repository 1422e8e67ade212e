import { ERROR_CODE_TABLE } from '@cronwise/api';
import { ErrorCode, isAppError } from '@cronwise/domain';
import { handleStripeWebhook, type ServiceDependencies } from '@cronwise/services';
import type { FastifyInstance } from 'fastify';

/** Stripe's events are a few kilobytes; anything near this is not from Stripe. */
const WEBHOOK_BODY_LIMIT_BYTES = 512 * 1024;

/**
 * `POST /webhooks/stripe`. The signature covers the exact bytes Stripe sent, so this scope keeps
 * the body as a Buffer (no JSON parsing before verification). A bad signature answers 400 and
 * changes nothing; duplicates and events we ignore answer 200 so Stripe stops retrying; a
 * failure to reach Stripe answers 503 so it retries later.
 */
export function registerStripeWebhookRoute(app: FastifyInstance, services: ServiceDependencies): void {
  void app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser(
      '*',
      { parseAs: 'buffer', bodyLimit: WEBHOOK_BODY_LIMIT_BYTES },
      (_request, body, done) => done(null, body),
    );
    scope.post('/webhooks/stripe', async (request, reply) => {
      const signature = request.headers['stripe-signature'];
      try {
        const result = await handleStripeWebhook(services, {
          rawBody: Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0),
          signature: Array.isArray(signature) ? signature[0] : signature,
        });
        request.log.info({ eventId: result.eventId, outcome: result.outcome }, 'stripe webhook');
        return reply.code(200).send({ received: true, eventId: result.eventId, outcome: result.outcome });
      } catch (error) {
        if (!isAppError(error)) throw error;
        const { httpStatus } = ERROR_CODE_TABLE[error.code];
        if (error.code !== ErrorCode.VALIDATION_FAILED) request.log.warn({ err: error }, 'stripe webhook not applied');
        return reply.code(httpStatus).send({ code: error.code, message: error.message, httpStatus, ...error.details });
      }
    });
  });
}
