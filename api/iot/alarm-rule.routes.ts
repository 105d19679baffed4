import { randomBytes } from 'node:crypto';
import type { ApiContext } from '../context';
import { HttpProblem } from '../http/problem';
import { defineRoute } from '../http/route';
import { audit, updateReturning } from '../maintenance/plan-store';
import {
  ALARM_RULE_COLUMNS,
  alarmRuleIdParams,
  alarmRuleView,
  checkRuleTicket,
  createAlarmRuleSchema,
  updateAlarmRuleSchema,
  type AlarmRuleRow,
} from './alarm-rule-store';
import { actorOf } from '../auth/api-tokens';

export const listAlarmRulesRoute = (ctx: ApiContext) =>
  defineRoute({
    method: 'get',
    path: '/api/v1/iot/alarm-rules',
    permission: 'archives:read',
    summary: 'The alarm rules in the order they are tried: the first active rule whose JSON-Logic condition holds decides.',
    async handler() {
      const rows = (await ctx.dataSource.query(
        `SELECT ${ALARM_RULE_COLUMNS} FROM iot_alarm_rules ORDER BY position, id`,
      )) as AlarmRuleRow[];
      return { body: { items: rows.map(alarmRuleView) } };
    },
  });

export const createAlarmRuleRoute = (ctx: ApiContext) =>
  defineRoute({
    method: 'post',
    path: '/api/v1/iot/alarm-rules',
    permission: 'maintenance:manage',
    summary:
      'Add an alarm rule: a JSON-Logic condition over {event, asset, customer} and what a match does (open_ticket with priority and categories, or record).',
    body: createAlarmRuleSchema,
    async handler({ body, principal }) {
      const actor = actorOf(principal);
      const rule = {
        priority: body.priority ?? null,
        category1: body.category1 ?? null,
        category2: body.category2 ?? null,
        category3: body.category3 ?? null,
      };
      await checkRuleTicket(ctx.dictionaries, { action: body.action, ...rule });
      const id = `ar_${randomBytes(8).toString('hex')}`;
      const row = await ctx.dataSource.transaction(async (tx) => {
        const [created] = (await tx.query(
          `INSERT INTO iot_alarm_rules (id, name, position, condition, action, priority, category1, category2, category3, active, created_by, updated_by)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11) RETURNING ${ALARM_RULE_COLUMNS}`,
          [
            id,
            body.name,
            body.position,
            JSON.stringify(body.condition),
            body.action,
            rule.priority,
            rule.category1,
            rule.category2,
            rule.category3,
            body.active,
            actor,
          ],
        )) as AlarmRuleRow[];
        await audit(tx, actor, 'iot_alarm_rule.created', id, { ...body }, 'iot_alarm_rule');
        return created!;
      });
      return { status: 201, headers: { Location: `/api/v1/iot/alarm-rules/${id}` }, body: alarmRuleView(row) };
    },
  });

export const updateAlarmRuleRoute = (ctx: ApiContext) =>
  defineRoute({
    method: 'patch',
    path: '/api/v1/iot/alarm-rules/:id',
    permission: 'maintenance:manage',
    summary: 'Change an alarm rule (set active: false to switch it off). Alarms already decided keep their outcome.',
    params: alarmRuleIdParams,
    body: updateAlarmRuleSchema,
    async handler({ params, body, principal }) {
      const actor = actorOf(principal);
      const row = await ctx.dataSource.transaction(async (tx) => {
        const [current] = (await tx.query(`SELECT ${ALARM_RULE_COLUMNS} FROM iot_alarm_rules WHERE id = $1 FOR UPDATE`, [
          params.id,
        ])) as AlarmRuleRow[];
        if (!current) throw HttpProblem.notFound(`alarm rule ${params.id} does not exist`);
        const next = { ...current, ...body } as AlarmRuleRow;
        await checkRuleTicket(ctx.dictionaries, next);
        const [updated] = (await updateReturning(
          tx,
          `UPDATE iot_alarm_rules SET name = $2, position = $3, condition = $4, action = $5, priority = $6, category1 = $7, category2 = $8,
              category3 = $9, active = $10, version = version + 1, updated_by = $11, updated_at = now()
            WHERE id = $1 RETURNING ${ALARM_RULE_COLUMNS}`,
          [
            params.id,
            next.name,
            next.position,
            JSON.stringify(next.condition),
            next.action,
            next.priority,
            next.category1,
            next.category2,
            next.category3,
            next.active,
            actor,
          ],
        )) as AlarmRuleRow[];
        await audit(tx, actor, 'iot_alarm_rule.updated', params.id, { changes: body, fromVersion: current.version }, 'iot_alarm_rule');
        return updated!;
      });
      return { body: alarmRuleView(row) };
    },
  });
