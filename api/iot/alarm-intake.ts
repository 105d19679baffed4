import { randomUUID } from 'node:crypto';
import { decideAlarm, type AlarmData } from '../../domain/iot/alarm-rules';
import { alarmTicket } from '../../domain/iot/alarm-ticket';
import type { IotEvent } from '../../domain/iot/iot-event.schema';
import type { CreateTicketInput } from '../../domain/ticket/ticket.schema';
import { HttpProblem } from '../http/problem';
import { claimTicketNumber, normaliseTicket } from '../maintenance/claim-ticket-number';
import { intakeTicket, type IntakeDeps } from '../tickets/ticket-intake';
import { updateReturning } from '../maintenance/plan-store';
import type { DeviceAsset } from './device-asset';
import { ALARM_RULE_COLUMNS, alarmRuleFromRow, type AlarmRuleRow } from './alarm-rule-store';

type AlarmEvent = Extract<IotEvent, { kind: 'alarm' }>;

/** Idempotency scope of alarm tickets: a system source, apart from every token's keys. */
export const IOT_SCOPE = 'system:iot';

export interface AlarmResult {
  kind: 'alarm';
  assetId: string;
  faultCode: string;
  /** ticket_opened: a new ticket; appended: counted on the open ticket of this asset + fault; recorded: no ticket */
  outcome: 'ticket_opened' | 'appended' | 'recorded';
  ticketId: string | null;
  /** alarms of this asset + fault counted on the ticket so far */
  alarmCount: number | null;
  rule: { id: string; name: string } | null;
  reason: string;
}

interface GroupRow {
  id: string;
  ticket_id: string;
  ticket_body: CreateTicketInput;
  idempotency_key: string;
  status: 'opening' | 'opened' | 'failed';
  alarm_count: number;
  ticket_status: string | null;
}

function alarmData(asset: DeviceAsset, e: AlarmEvent): AlarmData {
  return {
    event: { kind: 'alarm', faultCode: e.faultCode, severity: e.severity ?? null, readings: e.readings ?? {}, occurredAt: e.occurredAt },
    asset: {
      id: asset.id,
      serialNo: asset.serial_no,
      model: asset.model,
      sku: asset.sku,
      status: asset.status,
      customerId: asset.customer_id,
      siteId: asset.site_id,
      inWarranty: asset.warranty_ends_on !== null && asset.warranty_ends_on >= e.occurredAt.slice(0, 10),
    },
    customer: { id: asset.customer_id, tier: asset.customer_tier, region: asset.customer_region, province: asset.customer_province },
  };
}

/**
 * Starts the ticket an alarm group claimed, through the normal intake (an idempotent replay of
 * the claim), and marks the group opened. Called by the alarm that opened the group and again by
 * any later alarm or retried message that finds it still opening (e.g. Temporal was away).
 */
export async function ensureGroupTicket(
  deps: IntakeDeps,
  group: Pick<GroupRow, 'id' | 'ticket_body' | 'idempotency_key'>,
  actor: string,
): Promise<void> {
  try {
    await intakeTicket(deps, {
      ticket: normaliseTicket(group.ticket_body),
      actor,
      idempotencyScope: IOT_SCOPE,
      idempotencyKey: group.idempotency_key,
    });
  } catch (err) {
    if (err instanceof HttpProblem && err.status < 500) {
      await deps.dataSource.query(`UPDATE iot_alarm_groups SET status = 'failed', error = $2 WHERE id = $1`, [
        group.id,
        err.detail ?? err.title,
      ]);
    }
    throw err;
  }
  await deps.dataSource.query(`UPDATE iot_alarm_groups SET status = 'opened' WHERE id = $1 AND status = 'opening'`, [group.id]);
}

/**
 * An alarm: counted on the open ticket of the same asset + fault code if there is one; otherwise
 * the alarm rules decide between a new ticket and a record only. Alarms of one asset + fault are
 * decided one at a time (advisory lock), so simultaneous copies of an alarm open one ticket.
 */
export async function ingestAlarm(
  deps: IntakeDeps,
  sourceId: string,
  asset: DeviceAsset,
  e: AlarmEvent,
): Promise<{ eventId: string; result: AlarmResult; status: 200 | 201 }> {
  const rules = ((await deps.dataSource.query(`SELECT ${ALARM_RULE_COLUMNS} FROM iot_alarm_rules WHERE active`)) as AlarmRuleRow[]).map(
    alarmRuleFromRow,
  );
  const decision = decideAlarm(rules, alarmData(asset, e));
  const at = new Date(e.occurredAt);
  const actor = `iot:${sourceId}`;

  const { eventId, result, pending } = await deps.dataSource.transaction(async (tx) => {
    await tx.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [`iot-alarm:${asset.id}:${e.faultCode}`]);
    const recordEvent = async (result: AlarmResult, groupId: string | null): Promise<string> => {
      const [event] = (await tx.query(
        `INSERT INTO iot_events (source_id, message_id, asset_id, kind, fault_code, severity, readings, occurred_at, outcome, rule_id, ticket_id, alarm_group_id, result)
         VALUES ($1, $2, $3, 'alarm', $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id`,
        [
          sourceId,
          e.messageId ?? null,
          asset.id,
          e.faultCode,
          e.severity ?? null,
          e.readings ? JSON.stringify(e.readings) : null,
          at,
          result.outcome,
          result.rule?.id ?? null,
          result.ticketId,
          groupId,
          JSON.stringify(result),
        ],
      )) as { id: string }[];
      return String(event!.id);
    };

    const [latest] = (await tx.query(
      `SELECT g.id, g.ticket_id, g.ticket_body, g.idempotency_key, g.status, g.alarm_count, t.status AS ticket_status
         FROM iot_alarm_groups g LEFT JOIN tickets t ON t.ticket_id = g.ticket_id
        WHERE g.asset_id = $1 AND g.fault_code = $2 ORDER BY g.id DESC LIMIT 1`,
      [asset.id, e.faultCode],
    )) as GroupRow[];
    // Open while its ticket is: not yet projected (being created) or in any status but resolved/closed.
    const open = latest && latest.status !== 'failed' && !['resolved', 'closed'].includes(latest.ticket_status ?? '');
    let result: AlarmResult;
    let pending: GroupRow | null = null;
    let groupId: string | null = null;
    const rule = decision.rule ? { id: decision.rule.id, name: decision.rule.name } : null;
    if (open) {
      const [counted] = (await updateReturning(
        tx,
        `UPDATE iot_alarm_groups SET alarm_count = alarm_count + 1, last_seen_at = GREATEST(last_seen_at, $2), last_severity = COALESCE($3, last_severity)
          WHERE id = $1 RETURNING alarm_count`,
        [latest.id, at, e.severity ?? null],
      )) as { alarm_count: number }[];
      groupId = latest.id;
      if (latest.status === 'opening') pending = latest;
      result = {
        kind: 'alarm',
        assetId: asset.id,
        faultCode: e.faultCode,
        outcome: 'appended',
        ticketId: latest.ticket_id,
        alarmCount: counted!.alarm_count,
        rule: null,
        reason: `ticket ${latest.ticket_id} for this asset and fault code is still open: alarm ${counted!.alarm_count} counted on it, no new ticket`,
      };
    } else if (decision.action === 'open_ticket' && !asset.customer_id) {
      result = {
        kind: 'alarm',
        assetId: asset.id,
        faultCode: e.faultCode,
        outcome: 'recorded',
        ticketId: null,
        alarmCount: null,
        rule,
        reason: `${decision.reason}, but the asset has no owner customer, so no ticket can be opened: recorded only`,
      };
    } else if (decision.action === 'open_ticket') {
      const r = decision.rule;
      const ticket = normaliseTicket(
        alarmTicket({
          faultCode: e.faultCode,
          severity: e.severity ?? null,
          message: e.message,
          readings: e.readings ?? {},
          occurredAt: e.occurredAt,
          asset: { id: asset.id, serialNo: asset.serial_no, model: asset.model, sku: asset.sku },
          site: asset.site_id ? { name: asset.site_name!, address: asset.site_address!, region: asset.site_region } : null,
          customer: { id: asset.customer_id!, region: asset.customer_region, tier: asset.customer_tier },
          rule: { priority: decision.priority, category1: r.category1, category2: r.category2, category3: r.category3 },
        }),
      );
      // A rule naming categories the dictionary no longer has would make intake refuse the ticket.
      const refused = await deps.dictionaries.checkTicketFields(ticket);
      if (refused.length) {
        const why = refused.map((f) => `${f.field}: ${f.message}`).join('; ');
        result = {
          kind: 'alarm',
          assetId: asset.id,
          faultCode: e.faultCode,
          outcome: 'recorded',
          ticketId: null,
          alarmCount: null,
          rule,
          reason: `${decision.reason}, but the dictionary refuses its ticket (${why}): recorded only`,
        };
        return { eventId: await recordEvent(result, null), result, pending };
      }
      const key = `iot-alarm:${randomUUID()}`;
      const { ticketId } = await claimTicketNumber(tx, { scope: IOT_SCOPE, key, ticket });
      const [group] = (await tx.query(
        `INSERT INTO iot_alarm_groups (asset_id, fault_code, ticket_id, ticket_body, idempotency_key, rule_id, first_seen_at, last_seen_at, last_severity)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $7, $8) RETURNING id, ticket_id, ticket_body, idempotency_key, status, alarm_count`,
        [asset.id, e.faultCode, ticketId, JSON.stringify(ticket), key, r.id, at, e.severity ?? null],
      )) as GroupRow[];
      groupId = group!.id;
      pending = group!;
      result = {
        kind: 'alarm',
        assetId: asset.id,
        faultCode: e.faultCode,
        outcome: 'ticket_opened',
        ticketId,
        alarmCount: 1,
        rule,
        reason: decision.reason,
      };
    } else {
      result = {
        kind: 'alarm',
        assetId: asset.id,
        faultCode: e.faultCode,
        outcome: 'recorded',
        ticketId: null,
        alarmCount: null,
        rule,
        reason: decision.reason,
      };
    }
    return { eventId: await recordEvent(result, groupId), result, pending };
  });

  if (pending) await ensureGroupTicket(deps, pending, actor);
  return { eventId, result, status: result.outcome === 'ticket_opened' ? 201 : 200 };
}
