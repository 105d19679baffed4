/**
 * Notification texts, zh-CN first. Variables are written {{name}}; every template can use the
 * ticket number and the customer's self-service link. Pure: rendering happens in activities and
 * in the designer's preview alike.
 */
import { humanMessageValues } from './message-values';

export const NOTIFICATION_CHANNELS = ['sms', 'email', 'wecom', 'dingtalk', 'feishu', 'wechat'] as const;
export type NotificationChannel = (typeof NOTIFICATION_CHANNELS)[number];

export interface NotificationTemplate {
  subject: string;
  body: string;
}

export const NOTIFICATION_TEMPLATES: Record<string, NotificationTemplate> = {
  ticket_created: {
    subject: '工单 {{ticketId}} 已受理',
    body: '您好，您的售后工单 {{ticketId}}（{{category}}）已受理，我们会尽快处理。查看进度：{{selfServiceUrl}}',
  },
  ticket_assigned: {
    subject: '新工单 {{ticketId}} 待接单',
    body: '工单 {{ticketId}}（{{priority}}，{{category}}）已分配给您，请及时接单。',
  },
  assignment_not_accepted: {
    subject: '工单 {{ticketId}} 超时未接单',
    body: '工单 {{ticketId}}（{{priority}}）分配后超时未接单，已退回待重新分配，请组长处理。',
  },
  ticket_escalated: {
    subject: '工单 {{ticketId}} 已升级',
    body: '工单 {{ticketId}}（{{priority}}，{{category}}）已升级，请相关负责人跟进。',
  },
  sla_warning: {
    subject: '工单 {{ticketId}} 即将超时',
    body: '工单 {{ticketId}} 的{{metric}}时限将于 {{dueAt}} 到期，请尽快处理。',
  },
  sla_breached: {
    subject: '工单 {{ticketId}} 已超时',
    body: '工单 {{ticketId}} 的{{metric}}时限已于 {{dueAt}} 超时，已按升级矩阵通知：{{targetGroup}}。',
  },
  ticket_resolved: {
    subject: '工单 {{ticketId}} 已解决',
    body: '您好，您的工单 {{ticketId}} 已处理完成。如仍有问题可在 7 天内申请重开：{{selfServiceUrl}}',
  },
};

export function renderTemplate(template: NotificationTemplate, values: Record<string, unknown>): NotificationTemplate {
  const vars = humanMessageValues(values);
  const fill = (text: string) =>
    text.replace(/\{\{(\w+)\}\}/g, (_m, name: string) => (vars[name] === undefined || vars[name] === null ? '' : String(vars[name])));
  return { subject: fill(template.subject), body: fill(template.body) };
}
