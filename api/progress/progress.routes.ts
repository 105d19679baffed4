import type { ApiContext } from '../context';
import { getCustomerProgressRoute } from './get-customer-progress.route';
import { listAssetWorkRoute } from './list-asset-work.route';

/** What the public (customers with a number and a code, or a product's QR code) may see of their service work. */
export const progressRoutes = (ctx: ApiContext) => [getCustomerProgressRoute(ctx), listAssetWorkRoute(ctx)];
