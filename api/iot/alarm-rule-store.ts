import { z } from 'zod';
import { ALARM_ACTIONS, checkAlarmCondition, type AlarmRule } from '../../domain/iot/alarm-rules';
import { PRIORITIES } from '../../domain/ticket/ticket.schema';
import type { DictionaryCache } from '../dictionaries/dictionary-cache';
import { HttpProblem } from '../http/problem';

export const ALARM_RULE_COLUMNS = `id, name, position, condition, action, priority, category1, category2, category3, active,
  version, created_by, created_at, updated_by, updated_at`;

export interface AlarmRuleRow {
  id: string;
  name: string;
  position: number;
  condition: unknown;
  action: AlarmRule['action'];
  priority: AlarmRule['priority'];
  category1: string | null;
  category2: string | null;
  category3: string | null;
  active: boolean;
  version: number;
  created_by: string;
  created_at: Date;
  updated_by: string;
  updated_at: Date;
}

export function alarmRuleFromRow(r: AlarmRuleRow): AlarmRule {
  return {
    id: r.id,
    name: r.name,
    position: r.position,
    condition: r.condition,
    action: r.action,
    priority: r.priority,
    category1: r.category1,
    category2: r.category2,
    category3: r.category3,
    active: r.active,
  };
}

export function alarmRuleView(r: AlarmRuleRow) {
  return {
    ...alarmRuleFromRow(r),
    version: r.version,
    createdBy: r.created_by,
    createdAt: new Date(r.created_at).toISOString(),
    updatedBy: r.updated_by,
    updatedAt: new Date(r.updated_at).toISOString(),
  };
}

const label = z.string().trim().min(1).max(200);
const condition = z.unknown().superRefine((c, ctx) => {
  if (c === undefined) return;
  for (const p of checkAlarmCondition(c)) ctx.addIssue({ code: 'custom', path: p.path === '/' ? [] : [p.path], message: p.message });
});

const fields = {
  name: label,
  /** rules are tried in ascending position; the first that holds decides */
  position: z.number().int().min(0).max(1_000_000),
  /** JSON-Logic over {event, asset, customer}; true matches every alarm */
  condition,
  action: z.enum(ALARM_ACTIONS),
  priority: z.enum(PRIORITIES).nullable(),
  category1: label.nullable(),
  category2: label.nullable(),
  category3: label.nullable(),
  active: z.boolean(),
};

export const createAlarmRuleSchema = z
  .object({
    ...fields,
    condition: fields.condition.refine((c) => c !== undefined, 'required'),
    priority: fields.priority.optional(),
    category1: fields.category1.optional(),
    category2: fields.category2.optional(),
    category3: fields.category3.optional(),
    active: fields.active.default(true),
  })
  .strict();

export const updateAlarmRuleSchema = z
  .object(fields)
  .partial()
  .strict()
  .refine((b) => Object.keys(b).length > 0, 'nothing to change');

export const alarmRuleIdParams = z.object({ id: z.string().regex(/^ar_[0-9a-z_]{3,64}$/, 'not an alarm rule id (ar_…)') });

/** A rule that opens tickets needs a priority and categories the dictionary knows. */
export async function checkRuleTicket(
  dictionaries: Pick<DictionaryCache, 'checkTicketFields'>,
  r: Pick<AlarmRule, 'action' | 'priority' | 'category1' | 'category2' | 'category3'>,
): Promise<void> {
  if (r.action !== 'open_ticket') return;
  const errors = r.priority ? [] : [{ field: 'priority', message: 'required when the action is open_ticket' }];
  errors.push(
    ...(await dictionaries.checkTicketFields({
      category1: r.category1 ?? undefined,
      category2: r.category2 ?? undefined,
      category3: r.category3 ?? undefined,
      priority: r.priority ?? undefined,
    })),
  );
  if (errors.length) {
    throw new HttpProblem(
      422,
      'validation_failed',
      'The request is not valid',
      errors.map((e) => `${e.field}: ${e.message}`).join('; '),
      errors,
    );
  }
}
