import type { CustomerProgress, Milestone, MilestoneState, ProgressText } from './customer-progress';

/**
 * What a customer sees of an RMA (寄修退换) or an on-site visit (上门): the stages of its flow in
 * their words, the times it reached them, and what happens next. Read from the statuses the work
 * passed through, so a flow an admin changes still shows sensibly (an unknown status shows as
 * "being handled"). Pure, like customer-progress.
 */

export type WorkKind = 'rma' | 'visit';

export interface ProgressWork {
  number: string;
  status: string;
  createdAt: string;
  updatedAt: string;
  /** a visit's promised window, when it has one */
  windowStart?: string | null;
  windowEnd?: string | null;
}

/** The statuses entered, in order, with their times (from the work's events). */
export interface StatusEntry {
  status: string;
  at: string;
}

interface Stage {
  key: string;
  label: ProgressText;
  statuses: readonly string[];
}

interface KindCopy {
  stages: Stage[];
  status: Record<string, ProgressText>;
  /** statuses that end the work without its last stage (rejected, cancelled …) */
  ended: readonly string[];
  /** statuses where the customer has something to do */
  actionNeeded: readonly string[];
  next: (w: ProgressWork) => { label: ProgressText; by: string | null } | null;
}

const t = (zh: string, en: string): ProgressText => ({ zh, en });

const RMA: KindCopy = {
  stages: [
    { key: 'received', label: t('已受理', 'Received'), statuses: ['diagnosing', 'checking_eligibility', 'pending_approval'] },
    { key: 'pickup', label: t('上门取件', 'Pickup'), statuses: ['booking_pickup', 'awaiting_pickup'] },
    { key: 'in_transit', label: t('寄回途中', 'On its way back'), statuses: ['in_transit'] },
    { key: 'inspecting', label: t('到仓检测', 'Inspected'), statuses: ['inspecting'] },
    {
      key: 'handling',
      label: t('处理中', 'Being handled'),
      statuses: ['refunding', 'settling', 'shipping_replacement', 'repairing', 'shipping_back', 'returning'],
    },
    { key: 'closed', label: t('已完成', 'Completed'), statuses: ['closed', 'returned'] },
  ],
  status: {
    diagnosing: t('已受理，诊断中', 'Received, diagnosing'),
    checking_eligibility: t('正在核对订单与保修', 'Checking the order and warranty'),
    pending_approval: t('审核中', 'Being approved'),
    booking_pickup: t('正在预约上门取件', 'Booking the pickup'),
    awaiting_pickup: t('已预约取件，等待快递上门', 'Pickup booked, waiting for the courier'),
    in_transit: t('商品寄回途中', 'Your product is on its way to us'),
    inspecting: t('已到仓，检测中', 'Arrived, being inspected'),
    refunding: t('退款处理中', 'Refund in progress'),
    settling: t('差价结算中', 'Settling the price difference'),
    shipping_replacement: t('换新商品发出中', 'Sending the replacement'),
    repairing: t('维修中', 'Being repaired'),
    shipping_back: t('维修完成，寄回中', 'Repaired, on its way back to you'),
    returning: t('检测不在保修范围，商品寄回中', 'Not covered; your product is on its way back'),
    returned: t('商品已寄回', 'Your product was returned'),
    rejected: t('申请未通过', 'Not approved'),
    cancelled: t('已取消', 'Cancelled'),
    exception: t('处理中（专人跟进）', 'Being handled (followed up by staff)'),
    closed: t('已完成', 'Completed'),
  },
  ended: ['rejected', 'cancelled'],
  actionNeeded: ['awaiting_pickup'],
  next: (w) => {
    if (w.status === 'awaiting_pickup')
      return { label: t('请备好商品，快递将上门取件', 'Please have the product ready for the courier'), by: null };
    if (w.status === 'in_transit') return { label: t('包裹到仓后将尽快检测', 'We inspect it as soon as it arrives'), by: null };
    if (['closed', 'returned', 'rejected', 'cancelled'].includes(w.status)) return null;
    return { label: t('我们正在处理，有进展会通知您', 'We are on it and will tell you of any progress'), by: null };
  },
};

const VISIT: KindCopy = {
  stages: [
    { key: 'received', label: t('已受理', 'Received'), statuses: ['pending_schedule', 'booking'] },
    {
      key: 'scheduled',
      label: t('已预约', 'Scheduled'),
      statuses: [
        'calling_customer',
        'pending_confirmation',
        'checking_parts',
        'reserving_parts',
        'requesting_parts',
        'waiting_parts',
        'pending_acceptance',
        'scheduled',
      ],
    },
    { key: 'on_the_way', label: t('工程师出发', 'Engineer on the way'), statuses: ['on_the_way'] },
    { key: 'on_site', label: t('上门服务', 'On site'), statuses: ['on_site', 'pending_signature', 'issuing_receipt'] },
    { key: 'closed', label: t('已完成', 'Completed'), statuses: ['pending_followup', 'closed'] },
  ],
  status: {
    pending_schedule: t('已受理，正在安排工程师', 'Received, finding an engineer'),
    booking: t('正在预约上门时间', 'Booking a time'),
    calling_customer: t('正在致电您确认上门时间', 'Calling you to confirm the time'),
    pending_confirmation: t('请确认上门时间', 'Please confirm the time'),
    checking_parts: t('正在准备备件', 'Preparing the parts'),
    reserving_parts: t('正在准备备件', 'Preparing the parts'),
    requesting_parts: t('备件调配中', 'Ordering the parts'),
    waiting_parts: t('等待备件到货', 'Waiting for the parts'),
    pending_acceptance: t('工程师确认中', 'The engineer is confirming'),
    scheduled: t('已预约上门', 'Visit scheduled'),
    on_the_way: t('工程师正在路上', 'The engineer is on the way'),
    on_site: t('工程师服务中', 'The engineer is at work'),
    pending_signature: t('请签字确认服务', 'Please sign for the service'),
    issuing_receipt: t('正在生成服务回执', 'Preparing your receipt'),
    pending_followup: t('服务已完成，欢迎评价', 'Done; please rate the service'),
    closed: t('已完成', 'Completed'),
    cancelled: t('已取消', 'Cancelled'),
    exception: t('处理中（专人跟进）', 'Being handled (followed up by staff)'),
  },
  ended: ['cancelled'],
  actionNeeded: ['pending_confirmation', 'pending_signature', 'pending_followup'],
  next: (w) => {
    if (['pending_acceptance', 'scheduled', 'on_the_way', 'pending_confirmation'].includes(w.status) && w.windowStart)
      return { label: t('工程师预计上门时间', 'The engineer is expected'), by: w.windowStart };
    if (['closed', 'cancelled'].includes(w.status)) return null;
    if (w.status === 'pending_followup') return { label: t('请为本次服务评价', 'Please rate the service'), by: null };
    return { label: t('我们正在安排，有进展会通知您', 'We are arranging it and will tell you of any progress'), by: null };
  },
};

const COPY: Record<WorkKind, KindCopy> = { rma: RMA, visit: VISIT };

export function workProgress(kind: WorkKind, w: ProgressWork, entered: readonly StatusEntry[]): CustomerProgress {
  const copy = COPY[kind];
  const stageOf = (status: string) => copy.stages.findIndex((s) => s.statuses.includes(status));
  // Where the work stands: its own stage, or the last stage it reached before ending or an unknown status.
  let current = stageOf(w.status);
  if (current < 0) current = Math.max(0, ...entered.map((e) => stageOf(e.status)));
  const ended = copy.ended.includes(w.status);
  const reached = copy.stages.map((s) => entered.filter((e) => s.statuses.includes(e.status)).at(-1)?.at ?? null);
  const last = copy.stages.length - 1;
  const finished = ended || current === last;
  const milestones = copy.stages.map((s, i): Milestone => {
    const state: MilestoneState = i < current || (i === current && finished) ? 'done' : i === current ? 'current' : 'upcoming';
    return { key: s.key, label: s.label, state, at: state === 'upcoming' ? null : (reached[i] ?? (i === 0 ? w.createdAt : null)) };
  });
  // Each status once, in the order first entered, in the customer's words.
  const seen = new Set<string>();
  const steps = entered.flatMap((e) => {
    const label = copy.status[e.status];
    if (!label || seen.has(e.status)) return [];
    seen.add(e.status);
    return [{ at: e.at, label }];
  });
  return {
    number: w.number,
    kind,
    status: w.status,
    statusLabel: copy.status[w.status] ?? t('处理中', 'Being handled'),
    milestones,
    steps,
    next: copy.next(w),
    actionNeeded: copy.actionNeeded.includes(w.status),
    updatedAt: w.updatedAt,
  };
}
