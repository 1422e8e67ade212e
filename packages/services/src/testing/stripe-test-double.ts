import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import Stripe from 'stripe';

/**
 * A tiny local stand-in for the Stripe API (no stripe-mock exists offline). The real Stripe SDK
 * talks to it through STRIPE_API_URL, so tests exercise the SDK's requests and parsing; it
 * implements only what Cronwise calls — customers, checkout and portal sessions, listing a
 * customer's subscriptions — plus hosted "checkout" and "portal" pages for browser tests.
 * Subscriptions are set by the test (as Stripe would after a payment), and webhook events are
 * signed with the SDK's `generateTestHeaderString`.
 */
export interface TestSubscription {
  id: string;
  customerId: string;
  status: string;
  priceId: string;
  /** Seconds since the epoch, as Stripe sends it. */
  currentPeriodEnd: number;
  cancelAtPeriodEnd: boolean;
  created: number;
}

export interface RecordedStripeRequest {
  method: string;
  path: string;
  /** Form fields as the SDK encoded them, e.g. `line_items[0][price]`. */
  form: Record<string, string>;
  idempotencyKey: string | null;
}

export class StripeTestDouble {
  readonly requests: RecordedStripeRequest[] = [];
  readonly customers = new Map<string, { id: string; email: string; metadata: Record<string, string> }>();
  readonly checkoutSessions = new Map<
    string,
    { id: string; customer: string; priceId: string; clientReferenceId: string; successUrl: string }
  >();
  private readonly subscriptions = new Map<string, TestSubscription>();
  private readonly idempotentResponses = new Map<string, unknown>();
  private readonly server: Server;
  private sequence = 0;

  private constructor(
    readonly secretKey: string,
    readonly webhookSecret: string,
  ) {
    this.server = createServer((incoming, response) => {
      const chunks: Buffer[] = [];
      incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
      incoming.on('end', () => {
        try {
          this.handle(incoming, Buffer.concat(chunks).toString('utf8'), response);
        } catch (error) {
          send(response, 500, { error: { type: 'api_error', message: String(error) } });
        }
      });
    });
  }

  /** `port` 0 (the default) picks a free one; browser tests fix it so the server can be configured first. */
  static async start(
    options: { secretKey?: string; webhookSecret?: string; port?: number } = {},
  ): Promise<StripeTestDouble> {
    const double = new StripeTestDouble(
      options.secretKey ?? 'sk_test_cronwise_double',
      options.webhookSecret ?? 'whsec_cronwise_double',
    );
    await new Promise<void>((resolve) => double.server.listen(options.port ?? 0, '127.0.0.1', resolve));
    return double;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** What Stripe holds for a subscription now (created, renewed, failed, cancelled ...). */
  setSubscription(subscription: Omit<TestSubscription, 'created'> & { created?: number }): void {
    this.subscriptions.set(subscription.id, { created: Math.floor(Date.now() / 1000), ...subscription });
  }

  subscription(id: string): TestSubscription | undefined {
    return this.subscriptions.get(id);
  }

  /** A webhook delivery as Stripe would send it: the JSON body and its Stripe-Signature. */
  signedEvent(
    event: { id: string; type: string; object: Record<string, unknown> },
    options: { timestampSeconds?: number; secret?: string } = {},
  ): { body: string; signature: string } {
    const body = JSON.stringify({
      id: event.id,
      object: 'event',
      type: event.type,
      api_version: Stripe.API_VERSION,
      created: options.timestampSeconds ?? Math.floor(Date.now() / 1000),
      livemode: false,
      pending_webhooks: 1,
      request: { id: null, idempotency_key: null },
      data: { object: event.object },
    });
    const signature = Stripe.webhooks.generateTestHeaderString({
      payload: body,
      secret: options.secret ?? this.webhookSecret,
      ...(options.timestampSeconds === undefined ? {} : { timestamp: options.timestampSeconds }),
    });
    return { body, signature };
  }

  private nextId(prefix: string): string {
    this.sequence += 1;
    return `${prefix}_${String(this.sequence).padStart(6, '0')}`;
  }

  private handle(incoming: IncomingMessage, body: string, response: ServerResponse): void {
    const url = new URL(incoming.url ?? '/', this.url);
    const method = incoming.method ?? 'GET';
    if (method === 'GET' && (url.pathname.startsWith('/checkout/') || url.pathname.startsWith('/portal/'))) {
      this.hostedPage(url, response);
      return;
    }
    if (incoming.headers.authorization !== `Bearer ${this.secretKey}`) {
      send(response, 401, {
        error: { type: 'invalid_request_error', message: 'Invalid API Key provided' },
      });
      return;
    }
    const form = Object.fromEntries(new URLSearchParams(method === 'GET' ? url.search : body));
    const idempotencyKey = headerValue(incoming.headers['idempotency-key']);
    this.requests.push({ method, path: url.pathname, form, idempotencyKey });
    const replayKey = idempotencyKey ? `${method} ${url.pathname} ${idempotencyKey}` : null;
    if (replayKey && this.idempotentResponses.has(replayKey)) {
      send(response, 200, this.idempotentResponses.get(replayKey));
      return;
    }
    const result = this.route(method, url, form);
    if (!result) {
      send(response, 404, {
        error: { type: 'invalid_request_error', message: `Unrecognized request URL (${method}: ${url.pathname})` },
      });
      return;
    }
    if (replayKey && result.status === 200) this.idempotentResponses.set(replayKey, result.body);
    send(response, result.status, result.body);
  }

  private route(method: string, url: URL, form: Record<string, string>): { status: number; body: unknown } | null {
    if (method === 'POST' && url.pathname === '/v1/customers') {
      const customer = {
        id: this.nextId('cus'),
        object: 'customer',
        email: form.email ?? null,
        name: form.name ?? null,
        metadata: metadataOf(form),
      };
      this.customers.set(customer.id, { id: customer.id, email: form.email ?? '', metadata: customer.metadata });
      return { status: 200, body: customer };
    }
    if (method === 'POST' && url.pathname === '/v1/checkout/sessions') {
      const customer = form.customer ?? '';
      if (!this.customers.has(customer)) return invalid(`No such customer: '${customer}'`, 'customer');
      const priceId = form['line_items[0][price]'] ?? '';
      const id = this.nextId('cs_test');
      this.checkoutSessions.set(id, {
        id,
        customer,
        priceId,
        clientReferenceId: form.client_reference_id ?? '',
        successUrl: form.success_url ?? '',
      });
      return {
        status: 200,
        body: {
          id,
          object: 'checkout.session',
          mode: form.mode,
          customer,
          client_reference_id: form.client_reference_id ?? null,
          metadata: metadataOf(form),
          success_url: form.success_url,
          cancel_url: form.cancel_url,
          url: `${this.url}/checkout/${id}`,
        },
      };
    }
    if (method === 'POST' && url.pathname === '/v1/billing_portal/sessions') {
      const customer = form.customer ?? '';
      if (!this.customers.has(customer)) return invalid(`No such customer: '${customer}'`, 'customer');
      const id = this.nextId('bps');
      return {
        status: 200,
        body: {
          id,
          object: 'billing_portal.session',
          customer,
          return_url: form.return_url,
          url: `${this.url}/portal/${id}`,
        },
      };
    }
    if (method === 'GET' && url.pathname === '/v1/subscriptions') {
      const customer = url.searchParams.get('customer');
      const data = [...this.subscriptions.values()]
        .filter((subscription) => subscription.customerId === customer)
        .sort((left, right) => right.created - left.created)
        .map((subscription) => toStripeSubscription(subscription));
      return { status: 200, body: { object: 'list', url: '/v1/subscriptions', has_more: false, data } };
    }
    return null;
  }

  private hostedPage(url: URL, response: ServerResponse): void {
    const id = url.pathname.split('/')[2] ?? '';
    const session = this.checkoutSessions.get(id);
    const title = url.pathname.startsWith('/checkout/') ? 'Stripe test double checkout' : 'Stripe test double portal';
    const detail = session ? `price ${session.priceId} for customer ${session.customer}` : id;
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    response.end(`<!doctype html><title>${title}</title><h1>${title}</h1><p data-testid="session">${detail}</p>`);
  }
}

function toStripeSubscription(subscription: TestSubscription) {
  return {
    id: subscription.id,
    object: 'subscription',
    customer: subscription.customerId,
    status: subscription.status,
    cancel_at_period_end: subscription.cancelAtPeriodEnd,
    created: subscription.created,
    metadata: {},
    items: {
      object: 'list',
      has_more: false,
      url: `/v1/subscription_items?subscription=${subscription.id}`,
      data: [
        {
          id: `si_${subscription.id}`,
          object: 'subscription_item',
          subscription: subscription.id,
          current_period_start: subscription.currentPeriodEnd - 30 * 86_400,
          current_period_end: subscription.currentPeriodEnd,
          price: { id: subscription.priceId, object: 'price' },
          quantity: 1,
        },
      ],
    },
  };
}

function metadataOf(form: Record<string, string>): Record<string, string> {
  const metadata: Record<string, string> = {};
  for (const [key, value] of Object.entries(form)) {
    const match = /^metadata\[(.+)\]$/.exec(key);
    if (match?.[1]) metadata[match[1]] = value;
  }
  return metadata;
}

function invalid(message: string, param: string) {
  return { status: 400, body: { error: { type: 'invalid_request_error', message, param } } };
}

function headerValue(value: string | string[] | undefined): string | null {
  if (Array.isArray(value)) return value[0] ?? null;
  return value ?? null;
}

function send(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json', 'request-id': 'req_test_double' });
  response.end(JSON.stringify(body));
}
