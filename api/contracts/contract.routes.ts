import type { ApiContext } from '../context';
import type { RouteSpec } from '../http/route';
import { contractUsageRoute } from './contract-usage.route';
import { createContractRoute } from './create-contract.route';
import { customerEntitlementsRoute } from './customer-entitlements.route';
import { getContractRoute } from './get-contract.route';
import { listContractsRoute } from './list-contracts.route';
import { listExpiringContractsRoute } from './list-expiring-contracts.route';
import { terminateContractRoute } from './terminate-contract.route';
import { updateContractRoute } from './update-contract.route';

/** The routes for contracts, entitlements and quotas. */
export function contractRoutes(ctx: ApiContext): RouteSpec<any, any, any>[] {
  return [
    // before /contracts/:id, which would take "expiring" for a contract number
    listExpiringContractsRoute(ctx),
    createContractRoute(ctx),
    listContractsRoute(ctx),
    getContractRoute(ctx),
    updateContractRoute(ctx),
    terminateContractRoute(ctx),
    contractUsageRoute(ctx),
    customerEntitlementsRoute(ctx),
  ];
}
