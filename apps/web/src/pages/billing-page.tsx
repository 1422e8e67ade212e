import { useMutation, useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { RelativeTime } from '../components/time';
import { useToast } from '../components/toasts';
import { Badge, Button, Card, cx, ErrorState, PageHeader, ProgressBar, Skeleton } from '../components/ui';
import { readApiError } from '../lib/errors';
import { formatCount, formatDateTime } from '../lib/format';
import { type RouterOutputs, trpc } from '../lib/trpc';
import { billingRoute } from '../router';

type Billing = RouterOutputs['billing']['get'];
type Tier = Billing['tier'];

const TIER_ORDER: Record<Tier, number> = { free: 0, pro: 1, enterprise: 2 };
/** A subscription in these states is still billed; plan changes then go through the portal. */
const LIVE_STATUSES = new Set(['active', 'trialing', 'past_due', 'unpaid']);

function Banner({ tone, children }: { tone: 'warning' | 'info' | 'success'; children: ReactNode }) {
  return (
    <div
      role="status"
      className={cx(
        'mb-4 rounded-lg px-4 py-3 text-sm ring-1 ring-inset',
        tone === 'warning' && 'bg-amber-50 text-amber-900 ring-amber-600/30 dark:bg-amber-950 dark:text-amber-200',
        tone === 'info' && 'bg-sky-50 text-sky-900 ring-sky-600/30 dark:bg-sky-950 dark:text-sky-200',
        tone === 'success' &&
          'bg-emerald-50 text-emerald-900 ring-emerald-600/30 dark:bg-emerald-950 dark:text-emerald-200',
      )}
    >
      {children}
    </div>
  );
}

function Meter({ label, used, limit }: { label: string; used: number; limit: number }) {
  return (
    <div>
      <div className="mb-1.5 flex items-baseline justify-between gap-2 text-sm">
        <span className="font-medium">{label}</span>
        <span className="tabular-nums text-slate-600 dark:text-slate-400">
          {formatCount(used)} of {formatCount(limit)}
        </span>
      </div>
      <ProgressBar label={label} value={used} max={limit} />
    </div>
  );
}

function Banners({ billing, checkout }: { billing: Billing; checkout: 'success' | 'cancelled' | undefined }) {
  const periodEnd = billing.subscription?.currentPeriodEnd ?? null;
  return (
    <>
      {checkout === 'success' ? (
        <Banner tone="success">
          Thank you. Your plan changes as soon as Stripe confirms the payment, usually within seconds.
        </Banner>
      ) : null}
      {checkout === 'cancelled' ? <Banner tone="info">Checkout was cancelled; nothing was charged.</Banner> : null}
      {billing.graceUntil ? (
        <Banner tone="warning">
          A payment failed. Your {billing.tier} plan stays until {formatDateTime(billing.graceUntil)} (
          <RelativeTime iso={billing.graceUntil} />) while Stripe retries; update your payment method under Manage
          billing to keep it.
        </Banner>
      ) : null}
      {billing.subscription?.cancelAtPeriodEnd && periodEnd ? (
        <Banner tone="info">
          Your subscription is cancelled. The {billing.tier} plan lasts until the paid period ends on{' '}
          {formatDateTime(periodEnd)}; endpoints beyond the free plan are then paused, none is deleted.
        </Banner>
      ) : null}
    </>
  );
}

function Prices({ billing }: { billing: Billing }) {
  const toast = useToast();
  const checkout = useMutation(
    trpc.billing.checkout.mutationOptions({
      onSuccess: ({ url }) => window.location.assign(url),
      onError: (error) => toast.error(error),
    }),
  );
  const hasLiveSubscription = billing.subscription !== null && LIVE_STATUSES.has(billing.subscription.status);
  const upgrades = billing.prices.filter((price) => TIER_ORDER[price.tier] > TIER_ORDER[billing.tier]);
  if (hasLiveSubscription) {
    return (
      <p className="text-sm text-slate-600 dark:text-slate-400">
        To switch plans, cancel or update your card, use Manage billing.
      </p>
    );
  }
  if (upgrades.length === 0) {
    return <p className="text-sm text-slate-600 dark:text-slate-400">You are on the highest plan on offer.</p>;
  }
  return (
    <ul className="space-y-3">
      {upgrades.map((price) => (
        <li key={price.priceId} className="flex flex-wrap items-center justify-between gap-2">
          <span className="text-sm">
            <Badge tone="info">{price.tier}</Badge>
          </span>
          <Button
            variant="primary"
            isBusy={checkout.isPending && checkout.variables?.priceId === price.priceId}
            disabled={checkout.isPending}
            onClick={() => checkout.mutate({ priceId: price.priceId })}
          >
            Upgrade to {price.tier}
          </Button>
        </li>
      ))}
    </ul>
  );
}

export function BillingPage() {
  const { checkout } = billingRoute.useSearch();
  const billing = useQuery(trpc.billing.get.queryOptions({}));
  const usage = useQuery(trpc.account.usage.queryOptions({}));
  const toast = useToast();
  const portal = useMutation(
    trpc.billing.portal.mutationOptions({
      onSuccess: ({ url }) => window.location.assign(url),
      onError: (error) => toast.error(error),
    }),
  );
  const error = billing.error ?? usage.error;
  const data = billing.data;
  return (
    <>
      <PageHeader
        title="Plan & billing"
        description="Your plan, what it allows, and your subscription."
        actions={
          data?.enabled && data.subscription ? (
            <Button isBusy={portal.isPending} onClick={() => portal.mutate({})}>
              Manage billing
            </Button>
          ) : null
        }
      />
      {error ? (
        <ErrorState
          message={readApiError(error).message}
          onRetry={() => {
            void billing.refetch();
            void usage.refetch();
          }}
        />
      ) : !data || !usage.data ? (
        <div className="space-y-4" role="status" aria-label="Loading your plan">
          <Skeleton className="h-24" />
          <Skeleton className="h-40" />
        </div>
      ) : (
        <>
          <Banners billing={data} checkout={checkout} />
          <div className="grid gap-6 lg:grid-cols-[2fr_1fr]">
            <Card
              title={
                <span>
                  Current plan: <Badge tone="info">{data.tier}</Badge>
                </span>
              }
            >
              <div className="space-y-6">
                <Meter label="Endpoints" used={usage.data.endpoints} limit={usage.data.endpointsLimit} />
                <Meter label="Runs this month" used={usage.data.runs} limit={usage.data.runsLimit} />
                <Meter label="AI tokens this month" used={usage.data.aiTokens} limit={usage.data.aiTokensLimit} />
                {data.subscription ? (
                  <p className="text-sm text-slate-600 dark:text-slate-400">
                    Subscription {data.subscription.status}
                    {data.subscription.currentPeriodEnd
                      ? `; the current period ends ${formatDateTime(data.subscription.currentPeriodEnd)}`
                      : ''}
                    .
                  </p>
                ) : null}
              </div>
            </Card>
            <Card title="Upgrade">
              {data.enabled ? (
                <Prices billing={data} />
              ) : (
                <p className="text-sm text-slate-600 dark:text-slate-400">
                  Billing is not configured on this Cronwise installation; an operator sets plans.
                </p>
              )}
            </Card>
          </div>
        </>
      )}
    </>
  );
}
