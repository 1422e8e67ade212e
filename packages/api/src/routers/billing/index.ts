import { router } from '../../trpc';
import { getBilling } from './get-billing';
import { openBillingPortal } from './open-billing-portal';
import { startCheckout } from './start-checkout';

export const billingRouter = router({ get: getBilling, checkout: startCheckout, portal: openBillingPortal });
