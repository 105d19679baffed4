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
  // RMAs (寄修退换): {{rmaId}}, {{status}}, {{orderId}}, {{resolution}}
  rma_created: {
    subject: '售后申请 {{rmaId}} 已受理',
    body: '您好，您的寄修退换申请 {{rmaId}}（订单 {{orderId}}）已受理，我们会尽快诊断处理。',
  },
  rma_ineligible: { subject: '售后申请 {{rmaId}} 未通过', body: '您好，您的申请 {{rmaId}} 不符合订单的退换修政策，如有疑问请联系客服。' },
  rma_rejected: { subject: '售后申请 {{rmaId}} 未获批准', body: '您好，您的申请 {{rmaId}} 经审核未获批准，如有疑问请联系客服。' },
  rma_pickup_booked: { subject: '售后申请 {{rmaId}} 已预约取件', body: '您好，已为申请 {{rmaId}} 预约快递上门取件，请保持电话畅通。' },
  rma_not_covered: {
    subject: '售后申请 {{rmaId}}：检测结果',
    body: '您好，申请 {{rmaId}} 的商品经检测为人为损坏，不在保修范围内，商品将寄回给您。',
  },
  rma_completed: { subject: '售后申请 {{rmaId}} 已完成', body: '您好，您的申请 {{rmaId}} 已处理完成（{{resolution}}）。感谢您的耐心。' },
  rma_cancelled: { subject: '售后申请 {{rmaId}} 已取消', body: '您好，您的申请 {{rmaId}} 已取消。' },
  rma_pickup_overdue: { subject: '售后 {{rmaId}} 超时未取件', body: '售后 {{rmaId}} 预约取件后超时未揽收，请跟进物流。' },
  rma_parcel_overdue: { subject: '售后 {{rmaId}} 超时未到仓', body: '售后 {{rmaId}} 的寄回包裹超时未到仓，请跟进物流。' },
  rma_repair_overdue: { subject: '售后 {{rmaId}} 维修超时', body: '售后 {{rmaId}} 维修超时，请跟进。' },
  rma_exception: {
    subject: '售后 {{rmaId}} 需人工处理',
    body: '售后 {{rmaId}} 在外部系统调用中失败（状态 {{status}}），请人工处理后关闭。',
  },
  rma_escalated: { subject: '售后 {{rmaId}} 已升级', body: '售后 {{rmaId}}（{{status}}）已升级，请相关负责人跟进。' },
  // On-site visits (上门): {{visitId}}, {{status}}, {{engineerId}}, {{windowStart}}, {{windowEnd}}
  visit_created: { subject: '上门服务 {{visitId}} 已受理', body: '您好，您的上门服务 {{visitId}} 已受理，我们将尽快为您安排工程师。' },
  visit_window_proposed: {
    subject: '上门服务 {{visitId}}：请确认时间',
    body: '您好，工程师拟于 {{windowStart}} 至 {{windowEnd}} 上门服务（{{visitId}}），请回复确认或联系客服改期。',
  },
  visit_confirm_reminder: {
    subject: '上门服务 {{visitId}}：待您确认',
    body: '您好，上门时间 {{windowStart}} 至 {{windowEnd}} 尚待您确认（{{visitId}}），请回复确认。',
  },
  visit_assigned: {
    subject: '新上门任务 {{visitId}}',
    body: '上门任务 {{visitId}} 已分配给您，时间 {{windowStart}} 至 {{windowEnd}}，请及时接单。',
  },
  visit_not_accepted: { subject: '上门 {{visitId}} 超时未接单', body: '上门任务 {{visitId}} 分配后超时未接单，请组长重新安排。' },
  visit_disputed: { subject: '上门 {{visitId}} 被工程师退回', body: '上门任务 {{visitId}} 被工程师 {{engineerId}} 退回，请重新安排。' },
  visit_rescheduled: {
    subject: '上门服务 {{visitId}} 已改期',
    body: '您好，上门服务 {{visitId}} 已改期，我们会与您确认新的时间。',
  },
  visit_cancelled: { subject: '上门服务 {{visitId}} 已取消', body: '您好，上门服务 {{visitId}} 已取消，预约与备件已释放。' },
  visit_checkin_far: {
    subject: '上门 {{visitId}} 签到位置异常',
    body: '上门任务 {{visitId}} 的签到位置与服务地址距离过远（或无定位），请核实。',
  },
  visit_booking_failed: { subject: '上门 {{visitId}} 预约失败', body: '上门任务 {{visitId}} 预约工程师时间失败，请人工安排。' },
  visit_receipt: {
    subject: '上门服务 {{visitId}} 已完成',
    body: '您好，上门服务 {{visitId}} 已完成，服务回执已生成。欢迎对本次服务进行评价。',
  },
  visit_exception: {
    subject: '上门 {{visitId}} 需人工处理',
    body: '上门任务 {{visitId}} 在外部系统调用中失败（状态 {{status}}），请人工处理。',
  },
  visit_escalated: { subject: '上门 {{visitId}} 已升级', body: '上门任务 {{visitId}}（{{status}}）已升级，请相关负责人跟进。' },
  approval_requested: { subject: '待审批：{{workId}}', body: '{{workId}} 等待您审批（状态 {{status}}）。' },
};

export function renderTemplate(template: NotificationTemplate, values: Record<string, unknown>): NotificationTemplate {
  const vars = humanMessageValues(values);
  const fill = (text: string) =>
    text.replace(/\{\{(\w+)\}\}/g, (_m, name: string) => (vars[name] === undefined || vars[name] === null ? '' : String(vars[name])));
  return { subject: fill(template.subject), body: fill(template.body) };
}
