import { iotEventSchema } from '../../domain/iot/iot-event.schema';
import type { ApiContext } from '../context';
import { HttpProblem } from '../http/problem';
import { defineRoute } from '../http/route';
import { ensureGroupTicket, ingestAlarm } from './alarm-intake';
import { findDeviceAsset } from './device-asset';
import { verifyIotSignature } from './iot-signature';
import { ingestTelemetry } from './telemetry-intake';

const isUniqueViolation = (err: unknown) =>
  (err as { code?: string; driverError?: { code?: string } }).driverError?.code === '23505' || (err as { code?: string }).code === '23505';

export const ingestIotEventRoute = (ctx: ApiContext) =>
  defineRoute({
    method: 'post',
    path: '/api/v1/iot/events',
    permission: 'iot:ingest',
    summary:
      "Device telemetry and alarms, signed by the IoT source (X-Fixflow-Source, X-Fixflow-Signature). Telemetry updates the asset's latest readings and checks condition-based maintenance plans; an alarm opens a ticket, is counted on the open ticket of the same asset + fault code, or is only recorded, as the alarm rules decide. The answer says which and why.",
    // The body is parsed here, after the signature over its raw bytes has been checked.
    async handler({ req }) {
      if (req.is('application/json') === false || req.is('application/json') === null) {
        throw new HttpProblem(415, 'unsupported_media_type', 'Unsupported media type', 'send the event as application/json');
      }
      const { sourceId } = await verifyIotSignature(ctx.dataSource, req);
      const parsed = iotEventSchema.safeParse(req.body ?? {});
      if (!parsed.success) throw HttpProblem.validation(parsed.error, 'body');
      const e = parsed.data;

      const replay = async () => {
        if (!e.messageId) return null;
        const [row] = (await ctx.dataSource.query(
          `SELECT ev.id, ev.result, g.id AS group_id, g.status AS group_status, g.ticket_body, g.idempotency_key
             FROM iot_events ev LEFT JOIN iot_alarm_groups g ON g.id = ev.alarm_group_id
            WHERE ev.source_id = $1 AND ev.message_id = $2`,
          [sourceId, e.messageId],
        )) as {
          id: string;
          result: Record<string, unknown>;
          group_id: string | null;
          group_status: string | null;
          ticket_body: unknown;
          idempotency_key: string;
        }[];
        if (!row) return null;
        // The first attempt recorded the alarm but could not start its ticket: finish that now.
        if (row.group_id && row.group_status === 'opening') {
          await ensureGroupTicket(
            ctx,
            { id: row.group_id, ticket_body: row.ticket_body as never, idempotency_key: row.idempotency_key },
            `iot:${sourceId}`,
          );
        }
        return { status: 200, headers: { 'Idempotent-Replayed': 'true' }, body: { eventId: String(row.id), ...row.result } };
      };
      const replayed = await replay();
      if (replayed) return replayed;

      const asset = await findDeviceAsset(ctx.dataSource, e);
      try {
        if (e.kind === 'telemetry') {
          const { eventId, result } = await ingestTelemetry(ctx, sourceId, asset, e);
          return { status: 200, body: { eventId, ...result } };
        }
        const { eventId, result, status } = await ingestAlarm(ctx, sourceId, asset, e);
        return {
          status,
          headers: result.ticketId ? { Location: `/api/v1/tickets/${result.ticketId}` } : undefined,
          body: { eventId, ...result },
        };
      } catch (err) {
        // The same message arrived twice at once: answer the second from the first.
        if (isUniqueViolation(err)) {
          const again = await replay();
          if (again) return again;
        }
        throw err;
      }
    },
  });
