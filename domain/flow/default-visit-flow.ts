import type { FlowDefinitionInput } from './flow-definition';

/**
 * The on-site visit (上门服务) of MISSION §6 as the default published flow (key `visit-default`).
 *
 * pending_schedule ─schedule {engineerId, window}→ book the slot (SMS with the window) → a CTI call
 *   asks the customer to confirm it: confirmed → as a `confirm` by channel cti; no answer, declined
 *   or a failed call → pending_confirmation ─confirm→ parts check (with substitutes) ─shortage→
 *   purchase, or a transfer from another warehouse → waiting_parts (SLA paused: parts_on_order)
 *   ─parts-arrived→ parts check again → reserve parts (failing: the held parts released)
 *   → pending_acceptance ─accept→ scheduled (─dispute→ booking undone, schedule again)
 *   ─depart→ on_the_way ─check-in {lat, lng}→ (farther than params.checkInMaxDistanceM from the
 *     site, or no location → flagged, team lead told) → on_site ─record-work→ pending_signature
 *   ─sign→ parts consumed, receipt with summary and fee items → pending_followup ─follow-up→ closed.
 * Reschedule at any point before the work starts undoes the booking (the reserved parts stay);
 * cancel undoes everything done, newest first: release the parts, then cancel the booking.
 */
const customer = (template: string) => ({ do: 'notify' as const, channel: 'sms', target: 'customer', template });
const teamLead = (template: string) => ({ do: 'notify' as const, channel: 'wecom', target: 'team_lead', template });
const v = (name: string) => ({ var: name });
const failed = (from: string) => ({ id: `e_${from}_failed`, from, to: 'exception_notice', label: '调用失败', on: { outcome: 'failed' } });
const cancel = (from: string) => ({
  id: `e_${from}_cancel`,
  from,
  to: 'cancelled_notice',
  label: '取消（释放备件、取消预约）',
  on: { action: 'cancel' },
  compensate: true as const,
});
const reschedule = (from: string) => ({
  id: `e_${from}_reschedule`,
  from,
  to: 'rescheduled',
  label: '改期（取消原预约）',
  on: { action: 'reschedule' },
  compensate: ['book_slot'],
});

export const defaultVisitFlow: FlowDefinitionInput = {
  key: 'visit-default',
  kind: 'visit',
  name: '标准上门服务流程 (default on-site visit)',
  description: '排程与承诺时间窗 → 客户确认 → 备件校验/预留（缺件采购或调拨）→ 技师接单 → 上门签到 → 服务记录 → 客户签字 → 回执 → 回访评价',
  globalActions: ['add-note', 'add-attachment'],
  params: {
    confirmTimeoutHours: 24,
    acceptTimeoutMinutes: 30,
    checkInMaxDistanceM: 500,
    followUpTimeoutDays: 3,
  },
  nodes: [
    { id: 'start', type: 'start', label: '创建上门单' },
    { id: 'intake', type: 'action', label: '通知客户已受理', steps: [customer('visit_created')] },
    { id: 'pending_schedule', type: 'state', label: '待排程', status: 'pending_schedule' },
    {
      id: 'book_slot',
      type: 'action',
      label: '预约技师与时间窗',
      status: 'booking',
      steps: [
        {
          do: 'call',
          activity: 'calendar.book-slot',
          input: {
            visitId: v('visit.visitId'),
            engineerId: v('payload.engineerId'),
            windowStart: v('payload.windowStart'),
            windowEnd: v('payload.windowEnd'),
          },
          resultVar: 'booking',
          compensate: [{ do: 'call', activity: 'calendar.cancel-slot', input: { bookingId: v('vars.booking.bookingId') } }],
        },
        customer('visit_window_proposed'),
      ],
    },
    {
      id: 'confirm_call',
      type: 'action',
      label: '外呼确认时间窗 (CTI)',
      status: 'calling_customer',
      steps: [
        {
          do: 'call',
          activity: 'cti.confirm-call',
          input: {
            visitId: v('visit.visitId'),
            phone: v('visit.contactPhone'),
            windowStart: v('vars.booking.windowStart'),
            windowEnd: v('vars.booking.windowEnd'),
          },
          resultVar: 'confirmCall',
        },
      ],
    },
    { id: 'confirm_call_result', type: 'decision', label: '客户是否电话确认' },
    {
      id: 'confirmed_by_call',
      type: 'action',
      label: '电话已确认（渠道 cti）',
      steps: [{ do: 'set', field: 'confirmedBy', value: v('vars.confirmCall.confirmedBy') }],
    },
    { id: 'schedule_failed', type: 'action', label: '预约失败：通知调度', steps: [teamLead('visit_booking_failed')] },
    { id: 'pending_confirmation', type: 'state', label: '待客户确认时间窗', status: 'pending_confirmation', pauseSla: 'waiting_customer' },
    { id: 'confirm_reminder', type: 'action', label: '提醒客户确认', steps: [customer('visit_confirm_reminder')] },
    { id: 'parts_route', type: 'decision', label: '备件是否已就绪' },
    {
      id: 'parts_check',
      type: 'action',
      label: '备件校验（含替代件）',
      status: 'checking_parts',
      steps: [
        {
          do: 'call',
          activity: 'parts.check',
          input: { visitId: v('visit.visitId'), parts: v('visit.partsNeeded'), region: v('visit.region'), allowSubstitutes: true },
          resultVar: 'parts',
        },
      ],
    },
    { id: 'has_shortage', type: 'decision', label: '是否缺件' },
    {
      id: 'request_parts',
      type: 'action',
      label: '缺件：发起采购或调拨',
      status: 'requesting_parts',
      steps: [
        {
          do: 'call',
          activity: 'parts.request-supply',
          input: { visitId: v('visit.visitId'), shortage: v('vars.parts.shortage'), region: v('visit.region') },
          resultVar: 'supply',
        },
        { do: 'set', field: 'partsStatus', value: 'requested' },
      ],
    },
    { id: 'waiting_parts', type: 'state', label: '待备件', status: 'waiting_parts', pauseSla: 'parts_on_order' },
    {
      id: 'reserve_parts',
      type: 'action',
      label: '预留备件',
      status: 'reserving_parts',
      steps: [
        {
          do: 'call',
          activity: 'parts.reserve',
          input: { visitId: v('visit.visitId'), parts: v('visit.partsNeeded'), substitutes: v('vars.parts.substitutes') },
          resultVar: 'reservation',
          compensate: [
            { do: 'call', activity: 'parts.release', input: { reservationId: v('vars.reservation.reservationId') } },
            { do: 'set', field: 'partsStatus', value: 'released' },
          ],
        },
        { do: 'set', field: 'partsStatus', value: 'reserved' },
      ],
    },
    {
      // The check holds the parts; a reserve that fails would otherwise keep them from every other visit.
      id: 'release_held_parts',
      type: 'action',
      label: '预留失败：释放校验时占用的备件',
      steps: [
        { do: 'call', activity: 'parts.release', input: { reservationId: v('vars.parts.held') }, resultVar: 'heldRelease' },
        { do: 'set', field: 'partsStatus', value: 'released' },
      ],
    },
    {
      id: 'notify_engineer',
      type: 'action',
      label: '派工给技师',
      steps: [{ do: 'notify', channel: 'wecom', target: 'assignee', template: 'visit_assigned' }],
    },
    { id: 'pending_acceptance', type: 'state', label: '待技师接单', status: 'pending_acceptance' },
    { id: 'accept_overdue', type: 'action', label: '超时未接单：通知组长', steps: [teamLead('visit_not_accepted')] },
    { id: 'dispute_notice', type: 'action', label: '技师拒单：通知调度重排', steps: [teamLead('visit_disputed')] },
    { id: 'scheduled', type: 'state', label: '待上门', status: 'scheduled' },
    { id: 'on_the_way', type: 'state', label: '在途', status: 'on_the_way' },
    {
      id: 'check_in',
      type: 'action',
      label: '上门签到（定位）',
      steps: [
        {
          do: 'set',
          field: 'checkInDistanceM',
          value: { geo_distance_m: [v('payload.lat'), v('payload.lng'), v('visit.siteLat'), v('visit.siteLng')] },
        },
      ],
    },
    { id: 'check_in_far', type: 'decision', label: '签到位置是否偏离' },
    {
      id: 'flag_check_in',
      type: 'action',
      label: '签到偏离：标记并通知组长',
      steps: [{ do: 'set', field: 'checkInFlagged', value: true }, teamLead('visit_checkin_far')],
    },
    { id: 'on_site', type: 'state', label: '服务中', status: 'on_site' },
    { id: 'pending_signature', type: 'state', label: '待客户签字', status: 'pending_signature' },
    {
      id: 'issue_receipt',
      type: 'action',
      label: '核销备件并出具回执',
      status: 'issuing_receipt',
      steps: [
        {
          do: 'call',
          activity: 'parts.consume',
          input: { reservationId: v('vars.reservation.reservationId'), partsUsed: v('visit.partsUsed') },
        },
        {
          do: 'call',
          activity: 'receipt.issue',
          input: {
            visitId: v('visit.visitId'),
            summary: v('visit.workRecord'),
            feeItems: v('visit.feeItems'),
            partsUsed: v('visit.partsUsed'),
            signature: v('visit.signature'),
          },
          resultVar: 'receipt',
        },
        customer('visit_receipt'),
      ],
    },
    { id: 'pending_followup', type: 'state', label: '待回访评价', status: 'pending_followup' },
    {
      id: 'rescheduled',
      type: 'action',
      label: '改期：通知客户',
      steps: [
        { do: 'set', field: 'rescheduleCount', value: { '+': [{ var: ['visit.rescheduleCount', 0] }, 1] } },
        customer('visit_rescheduled'),
      ],
    },
    { id: 'exception_notice', type: 'action', label: '异常：通知组长', steps: [teamLead('visit_exception'), { do: 'escalate' }] },
    { id: 'exception', type: 'state', label: '异常待处理', status: 'exception' },
    { id: 'cancelled_notice', type: 'action', label: '已取消：通知客户', steps: [customer('visit_cancelled')] },
    { id: 'closed', type: 'end', label: '已完成', status: 'closed' },
    { id: 'cancelled', type: 'end', label: '已取消', status: 'cancelled' },
  ],
  edges: [
    { id: 'e_start', from: 'start', to: 'intake' },
    { id: 'e_intake', from: 'intake', to: 'pending_schedule' },
    { id: 'e_schedule', from: 'pending_schedule', to: 'book_slot', on: { action: 'schedule' } },
    cancel('pending_schedule'),
    { id: 'e_booked', from: 'book_slot', to: 'confirm_call' },
    { id: 'e_confirm_called', from: 'confirm_call', to: 'confirm_call_result' },
    { id: 'e_confirm_call_failed', from: 'confirm_call', to: 'pending_confirmation', label: '外呼失败', on: { outcome: 'failed' } },
    {
      id: 'e_call_confirmed',
      from: 'confirm_call_result',
      to: 'confirmed_by_call',
      label: '客户电话确认',
      condition: { '==': [v('vars.confirmCall.outcome'), 'confirmed'] },
    },
    { id: 'e_call_unconfirmed', from: 'confirm_call_result', to: 'pending_confirmation', label: '未接通/拒绝', default: true },
    { id: 'e_confirmed_by_call', from: 'confirmed_by_call', to: 'parts_route' },
    { id: 'e_book_slot_failed', from: 'book_slot', to: 'schedule_failed', label: '预约失败', on: { outcome: 'failed' } },
    { id: 'e_schedule_failed_back', from: 'schedule_failed', to: 'pending_schedule' },
    { id: 'e_confirm', from: 'pending_confirmation', to: 'parts_route', on: { action: 'confirm' } },
    {
      id: 'e_confirm_timeout',
      from: 'pending_confirmation',
      to: 'confirm_reminder',
      label: '客户未确认',
      on: { timeoutParam: 'confirmTimeoutHours', unit: 'hours' },
    },
    { id: 'e_confirm_reminder_back', from: 'confirm_reminder', to: 'pending_confirmation' },
    reschedule('pending_confirmation'),
    cancel('pending_confirmation'),
    {
      id: 'e_parts_ready',
      from: 'parts_route',
      to: 'notify_engineer',
      label: '备件已预留',
      order: 1,
      condition: { '==': [v('visit.partsStatus'), 'reserved'] },
    },
    {
      id: 'e_parts_pending',
      from: 'parts_route',
      to: 'waiting_parts',
      label: '已申请补货',
      order: 2,
      condition: { '==': [v('visit.partsStatus'), 'requested'] },
    },
    { id: 'e_parts_unchecked', from: 'parts_route', to: 'parts_check', default: true },
    { id: 'e_parts_checked', from: 'parts_check', to: 'has_shortage' },
    failed('parts_check'),
    { id: 'e_shortage', from: 'has_shortage', to: 'request_parts', label: '缺件', condition: { '!!': [v('vars.parts.shortage')] } },
    { id: 'e_no_shortage', from: 'has_shortage', to: 'reserve_parts', default: true },
    { id: 'e_parts_requested', from: 'request_parts', to: 'waiting_parts' },
    failed('request_parts'),
    { id: 'e_parts_arrived', from: 'waiting_parts', to: 'parts_check', on: { action: 'parts-arrived' } },
    reschedule('waiting_parts'),
    cancel('waiting_parts'),
    { id: 'e_reserved', from: 'reserve_parts', to: 'notify_engineer' },
    { id: 'e_reserve_parts_failed', from: 'reserve_parts', to: 'release_held_parts', label: '预留失败', on: { outcome: 'failed' } },
    { id: 'e_held_released', from: 'release_held_parts', to: 'exception_notice' },
    failed('release_held_parts'),
    { id: 'e_engineer_notified', from: 'notify_engineer', to: 'pending_acceptance' },
    { id: 'e_accept', from: 'pending_acceptance', to: 'scheduled', on: { action: 'accept' } },
    {
      id: 'e_dispute',
      from: 'pending_acceptance',
      to: 'dispute_notice',
      label: '技师拒单（取消原预约）',
      on: { action: 'dispute' },
      compensate: ['book_slot'],
    },
    { id: 'e_dispute_back', from: 'dispute_notice', to: 'pending_schedule' },
    {
      id: 'e_accept_timeout',
      from: 'pending_acceptance',
      to: 'accept_overdue',
      label: '超时未接单',
      on: { timeoutParam: 'acceptTimeoutMinutes', unit: 'minutes' },
    },
    { id: 'e_accept_overdue_back', from: 'accept_overdue', to: 'pending_acceptance' },
    reschedule('pending_acceptance'),
    cancel('pending_acceptance'),
    { id: 'e_depart', from: 'scheduled', to: 'on_the_way', on: { action: 'depart' } },
    { id: 'e_check_in_direct', from: 'scheduled', to: 'check_in', on: { action: 'check-in' } },
    reschedule('scheduled'),
    cancel('scheduled'),
    { id: 'e_check_in', from: 'on_the_way', to: 'check_in', on: { action: 'check-in' } },
    reschedule('on_the_way'),
    cancel('on_the_way'),
    { id: 'e_checked_in', from: 'check_in', to: 'check_in_far' },
    {
      id: 'e_too_far',
      from: 'check_in_far',
      to: 'flag_check_in',
      label: '偏离现场或无定位',
      condition: {
        or: [{ '==': [v('visit.checkInDistanceM'), null] }, { '>': [v('visit.checkInDistanceM'), v('params.checkInMaxDistanceM')] }],
      },
    },
    { id: 'e_near_enough', from: 'check_in_far', to: 'on_site', default: true },
    { id: 'e_flagged', from: 'flag_check_in', to: 'on_site' },
    { id: 'e_record_work', from: 'on_site', to: 'pending_signature', on: { action: 'record-work' } },
    cancel('on_site'),
    { id: 'e_amend_work', from: 'pending_signature', to: 'pending_signature', label: '补充服务记录', on: { action: 'record-work' } },
    { id: 'e_sign', from: 'pending_signature', to: 'issue_receipt', on: { action: 'sign' } },
    { id: 'e_receipt', from: 'issue_receipt', to: 'pending_followup' },
    failed('issue_receipt'),
    { id: 'e_follow_up', from: 'pending_followup', to: 'closed', on: { action: 'follow-up' } },
    {
      id: 'e_follow_up_timeout',
      from: 'pending_followup',
      to: 'closed',
      label: '回访期满自动完成',
      on: { timeoutParam: 'followUpTimeoutDays', unit: 'days' },
    },
    { id: 'e_rescheduled', from: 'rescheduled', to: 'pending_schedule' },
    { id: 'e_exception', from: 'exception_notice', to: 'exception' },
    reschedule('exception'),
    cancel('exception'),
    { id: 'e_cancelled', from: 'cancelled_notice', to: 'cancelled' },
  ],
};
