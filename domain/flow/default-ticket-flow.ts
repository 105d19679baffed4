import type { FlowDefinitionInput } from './flow-definition';

/**
 * The ticket lifecycle of MISSION §2 as the default published flow (key `ticket-default`).
 * Admins change it in the designer; this is only version 1.
 *
 * new → pending assignment → pending acceptance (accept | dispute → pending reassignment |
 * not accepted in time → pending reassignment) → in progress (sub-states) ⇄ pending customer /
 * on hold / escalated → (review when P1 or money is involved) → resolved → closed, with reopen
 * inside the window and automatic close after it.
 */
export const ACCEPT_TIMEOUT_MINUTES = 30;
export const REOPEN_WINDOW_MINUTES = 7 * 24 * 60;

export const defaultTicketFlow: FlowDefinitionInput = {
  key: 'ticket-default',
  kind: 'ticket',
  name: '标准工单流程 (default ticket lifecycle)',
  globalActions: ['add-note', 'add-attachment', 'change-priority', 'add-contact'],
  nodes: [
    { id: 'start', type: 'start', label: '受理' },
    {
      id: 'intake',
      type: 'action',
      label: '通知客户已受理',
      steps: [{ do: 'notify', channel: 'sms', target: 'customer', template: 'ticket_created' }],
    },
    { id: 'pending_assignment', type: 'state', label: '待分配', status: 'pending_assignment' },
    { id: 'pending_acceptance', type: 'state', label: '待接单', status: 'pending_acceptance' },
    {
      id: 'reassign_notice',
      type: 'action',
      label: '通知新处理人',
      steps: [{ do: 'notify', channel: 'wecom', target: 'assignee', template: 'ticket_assigned' }],
    },
    {
      id: 'accept_timed_out',
      type: 'action',
      label: '超时未接单：通知组长并退回',
      steps: [
        { do: 'notify', channel: 'wecom', target: 'team_lead', template: 'assignment_not_accepted' },
        { do: 'assign', clear: true },
      ],
    },
    { id: 'pending_reassignment', type: 'state', label: '待重新分配', status: 'pending_reassignment' },
    { id: 'in_progress', type: 'state', label: '处理中', status: 'in_progress', stopSla: ['frt'] },
    {
      id: 'pending_customer',
      type: 'state',
      label: '待客户反馈',
      status: 'pending_customer',
      pauseSla: 'waiting_customer',
      stopSla: ['frt'],
    },
    { id: 'on_hold', type: 'state', label: '挂起', status: 'on_hold', pauseSla: 'from_action' },
    { id: 'escalated', type: 'state', label: '已升级', status: 'escalated' },
    { id: 'needs_review', type: 'decision', label: '是否需要审核' },
    { id: 'pending_review', type: 'state', label: '待审核/结算', status: 'pending_review' },
    { id: 'resolved', type: 'state', label: '已解决', status: 'resolved', stopSla: ['frt', 'ttr'] },
    { id: 'reopened', type: 'state', label: '已重开', status: 'reopened' },
    { id: 'closed', type: 'end', label: '已关闭', status: 'closed' },
  ],
  edges: [
    { id: 'e_start', from: 'start', to: 'intake' },
    { id: 'e_intake', from: 'intake', to: 'pending_assignment' },
    { id: 'e_assign', from: 'pending_assignment', to: 'pending_acceptance', on: { action: 'assign' } },
    { id: 'e_accept', from: 'pending_acceptance', to: 'in_progress', on: { action: 'accept' } },
    { id: 'e_dispute', from: 'pending_acceptance', to: 'pending_reassignment', on: { action: 'dispute' } },
    { id: 'e_reassign', from: 'pending_acceptance', to: 'reassign_notice', on: { action: 'assign' } },
    { id: 'e_reassign_back', from: 'reassign_notice', to: 'pending_acceptance' },
    {
      id: 'e_accept_timeout',
      from: 'pending_acceptance',
      to: 'accept_timed_out',
      label: '超时未接单',
      on: { timeoutMinutes: ACCEPT_TIMEOUT_MINUTES },
    },
    { id: 'e_accept_timeout_done', from: 'accept_timed_out', to: 'pending_reassignment' },
    { id: 'e_reassignment', from: 'pending_reassignment', to: 'pending_acceptance', on: { action: 'assign' } },
    { id: 'e_substatus', from: 'in_progress', to: 'in_progress', on: { action: 'set-substatus' } },
    { id: 'e_request_info', from: 'in_progress', to: 'pending_customer', on: { action: 'request-info' } },
    { id: 'e_customer_replied', from: 'pending_customer', to: 'in_progress', on: { action: 'customer-replied' } },
    { id: 'e_hold', from: 'in_progress', to: 'on_hold', on: { action: 'hold' } },
    { id: 'e_resume', from: 'on_hold', to: 'in_progress', on: { action: 'resume' } },
    { id: 'e_escalate', from: 'in_progress', to: 'escalated', on: { action: 'escalate' }, steps: [{ do: 'escalate' }] },
    { id: 'e_escalated_accept', from: 'escalated', to: 'in_progress', on: { action: 'accept' } },
    { id: 'e_escalated_resolve', from: 'escalated', to: 'needs_review', on: { action: 'resolve' } },
    { id: 'e_transfer', from: 'in_progress', to: 'pending_acceptance', on: { action: 'transfer' } },
    { id: 'e_resolve', from: 'in_progress', to: 'needs_review', on: { action: 'resolve' } },
    {
      id: 'e_review_needed',
      from: 'needs_review',
      to: 'pending_review',
      label: 'P1 或涉及退款',
      order: 1,
      condition: { or: [{ '==': [{ var: 'ticket.priority' }, 'P1'] }, { '>': [{ var: 'ticket.finance.refundAmount' }, 0] }] },
    },
    { id: 'e_no_review', from: 'needs_review', to: 'resolved', default: true },
    { id: 'e_review_approve', from: 'pending_review', to: 'resolved', label: '审核通过', on: { action: 'resolve' } },
    { id: 'e_review_reject', from: 'pending_review', to: 'in_progress', label: '退回处理', on: { action: 'start' } },
    { id: 'e_close', from: 'resolved', to: 'closed', on: { action: 'close' } },
    { id: 'e_reopen', from: 'resolved', to: 'reopened', on: { action: 'reopen' }, steps: [{ do: 'sla', op: 'restart', metric: 'ttr' }] },
    { id: 'e_auto_close', from: 'resolved', to: 'closed', label: '重开期满自动关闭', on: { timeoutMinutes: REOPEN_WINDOW_MINUTES } },
    { id: 'e_reopened_start', from: 'reopened', to: 'in_progress', on: { action: 'start' } },
    { id: 'e_reopened_assign', from: 'reopened', to: 'pending_acceptance', on: { action: 'assign' } },
  ],
};
