import type { ApiContext } from '../context';
import { defineRoute } from '../http/route';
import { loadReservation, movementView, reservationView, type MovementRow } from './part-queries';
import { idParams } from './parts-http';

export const getReservationRoute = (ctx: ApiContext) =>
  defineRoute({
    method: 'get',
    path: '/api/v1/stock/reservations/:id',
    permission: 'parts:read',
    summary: 'One reservation with its status and every ledger movement it caused.',
    params: idParams,
    async handler({ params }) {
      const row = await loadReservation(ctx.dataSource, params.id);
      const movements = (await ctx.dataSource.query(`SELECT * FROM stock_movements WHERE reservation_id = $1 ORDER BY id`, [
        params.id,
      ])) as MovementRow[];
      return { headers: { ETag: `"${row.version}"` }, body: { ...reservationView(row), movements: movements.map(movementView) } };
    },
  });
