import type { ApiContext } from '../context';
import type { RouteSpec } from '../http/route';
import { consumeReservationRoute } from './consume-reservation.route';
import { createLocationRoute } from './create-location.route';
import { createPartRoute } from './create-part.route';
import { deletePartRoute } from './delete-part.route';
import { getPartRoute } from './get-part.route';
import { getReservationRoute } from './get-reservation.route';
import { issueReservationRoute } from './issue-reservation.route';
import { listLocationsRoute } from './list-locations.route';
import { listMovementsRoute } from './list-movements.route';
import { listPartsRoute } from './list-parts.route';
import { listPurchaseRequestsRoute } from './list-purchase-requests.route';
import { listReservationsRoute } from './list-reservations.route';
import { listStockRoute } from './list-stock.route';
import { getTransferRoute, listTransfersRoute } from './list-transfers.route';
import { partStockRoute } from './part-stock.route';
import { receiveStockRoute } from './receive-stock.route';
import { receiveTransferRoute } from './receive-transfer.route';
import { releaseReservationRoute } from './release-reservation.route';
import { reserveStockRoute } from './reserve-stock.route';
import { returnReservationRoute } from './return-reservation.route';
import { transferStockRoute } from './transfer-stock.route';
import { updatePartRoute } from './update-part.route';
import { updatePurchaseRequestRoute } from './update-purchase-request.route';

/** Spare parts (issue 6 item 3): catalogue, locations, stock, reservations, ledger, purchase requests. */
export function partsRoutes(ctx: ApiContext): RouteSpec<any, any, any>[] {
  return [
    createPartRoute(ctx),
    listPartsRoute(ctx),
    getPartRoute(ctx),
    updatePartRoute(ctx),
    deletePartRoute(ctx),
    partStockRoute(ctx),
    createLocationRoute(ctx),
    listLocationsRoute(ctx),
    listStockRoute(ctx),
    listMovementsRoute(ctx),
    receiveStockRoute(ctx),
    transferStockRoute(ctx),
    listTransfersRoute(ctx),
    getTransferRoute(ctx),
    receiveTransferRoute(ctx),
    reserveStockRoute(ctx),
    listReservationsRoute(ctx),
    getReservationRoute(ctx),
    releaseReservationRoute(ctx),
    issueReservationRoute(ctx),
    consumeReservationRoute(ctx),
    returnReservationRoute(ctx),
    listPurchaseRequestsRoute(ctx),
    updatePurchaseRequestRoute(ctx),
  ];
}
