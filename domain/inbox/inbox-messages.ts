import { humanMessageValues } from '../notify/message-values';
/**
 * The in-app message centre (issue 4 item 8): what people are told inside the console, next to
 * the outbound channels. Pure: the workflow decides who hears what, the activity renders and stores.
 */
export const INBOX_KINDS = ['assigned', 'approval_waiting', 'sla_warning', 'sla_breached', 'task_done', 'escalated'] as const;
export type InboxKind = (typeof INBOX_KINDS)[number];

/**
 * Whom a message is for. `creator` is resolved by the activity: the person whose token opened the
 * ticket, or nobody when it was a system (an integrator, a schedule, a device).
 */
export type InboxRecipient = { type: 'user'; id: string } | { type: 'group'; id: string } | { type: 'creator'; id: string };

export interface InboxTemplate {
  title: string;
  body: string;
}

/** zh-CN texts; {{name}} is filled from the ticket and the occasion. */
export const INBOX_TEMPLATES: Record<InboxKind, InboxTemplate> = {
  assigned: {
    title: '新工单待接单：{{ticketId}}',
    body: '工单 {{ticketId}}（{{priority}}，{{category}}）已分配给您，请及时接单。',
  },
  approval_waiting: {
    title: '工单待审核：{{ticketId}}',
    body: '工单 {{ticketId}}（{{priority}}，{{category}}）已提交处理结果，等待审核/结算。',
  },
  sla_warning: {
    title: '即将超时：{{ticketId}}',
    body: '工单 {{ticketId}}（{{priority}}）的{{metric}}时限将于 {{dueAt}} 到期，请尽快处理。',
  },
  sla_breached: {
    title: '已超时：{{ticketId}}',
    body: '工单 {{ticketId}}（{{priority}}）的{{metric}}时限已于 {{dueAt}} 超时。',
  },
  task_done: {
    title: '工单已解决：{{ticketId}}',
    body: '您创建的工单 {{ticketId}}（{{category}}）已处理完成：{{resolution}}',
  },
  escalated: {
    title: '工单已升级：{{ticketId}}',
    body: '工单 {{ticketId}}（{{priority}}，{{category}}）已升级（{{reason}}），请跟进。',
  },
};

/** Renders a message; `metric` may be given as frt/ttr and `dueAt` as an ISO instant (shown in Beijing time). */
export function renderInboxMessage(kind: InboxKind, vars: Record<string, unknown>): InboxTemplate {
  const shown = humanMessageValues(vars);
  if (kind === 'escalated' && shown.reason === undefined) {
    shown.reason =
      vars.escalation === 'sla'
        ? `${shown.metric ?? ''}超时，第 ${vars.level} 级升级`
        : `升级至 ${vars.level ?? ''}${vars.note ? `：${vars.note}` : ''}`;
  }
  const fill = (text: string) =>
    text
      .replace(/\{\{(\w+)\}\}/g, (_m, name: string) => (shown[name] === undefined || shown[name] === null ? '' : String(shown[name])))
      .replace(/（，|，）/g, (m) => (m === '（，' ? '（' : '）'))
      .replace(/（）/g, '')
      .replace(/：$/, '');
  const template = INBOX_TEMPLATES[kind];
  return { title: fill(template.title), body: fill(template.body) };
}

/** Where a message about a ticket opens in the console. */
export function ticketLink(ticketId: string): string {
  return `/#/tickets/${encodeURIComponent(ticketId)}`;
}

/** The key that makes a retried activity write a message once: the event that caused it, what, to whom. */
export function inboxMessageKey(ticketId: string, seq: number, kind: InboxKind, to: { type: string; id: string }): string {
  return `${ticketId}:${seq}:${kind}:${to.type}:${to.id}`;
}

/**
 * Recipients as the API takes them: `agent_li` is a user, `group:team_lead` a group. Null when
 * the value is neither.
 */
export function parseRecipient(value: string): { type: 'user' | 'group'; id: string } | null {
  const m = /^(?:(group|user):)?([^:]{1,128})$/.exec(value.trim());
  if (!m) return null;
  return { type: (m[1] as 'user' | 'group' | undefined) ?? 'user', id: m[2]! };
}
