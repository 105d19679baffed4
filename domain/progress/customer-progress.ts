/**
 * What a customer sees of their service work: a few milestones in their words, the steps so far
 * with their times, and what happens next and by when. Nothing internal: no names of staff, no
 * notes, no groups, no priorities. Pure, so the API and the phone page can share it.
 */

export type MilestoneState = 'done' | 'current' | 'upcoming';

export interface ProgressText {
  zh: string;
  en: string;
}

export interface Milestone {
  /** a ticket's: received, assigned, handling, resolved, closed; an RMA's or a visit's: its stages */
  key: string;
  label: ProgressText;
  state: MilestoneState;
  at: string | null;
}

export interface ProgressStep {
  at: string;
  label: ProgressText;
}

export interface CustomerProgress {
  number: string;
  kind: 'ticket' | 'rma' | 'visit';
  status: string;
  statusLabel: ProgressText;
  milestones: Milestone[];
  steps: ProgressStep[];
  /** what happens next, and the promised time when there is one */
  next: { label: ProgressText; by: string | null } | null;
  /** the customer has something to do (answer a question, confirm the fix) */
  actionNeeded: boolean;
  updatedAt: string;
}

export interface ProgressTicket {
  ticketId: string;
  status: string;
  substatus: string | null;
  createdAt: string;
  updatedAt: string;
  frtDueAt: string | null;
  ttrDueAt: string | null;
}

export interface ProgressEvent {
  type: string;
  at: string;
  toStatus: string | null;
  payload: Record<string, unknown>;
}

const STATUS: Record<string, ProgressText> = {
  new: { zh: '已受理', en: 'Received' },
  pending_assignment: { zh: '已受理，正在安排专人', en: 'Received, finding the right person' },
  pending_reassignment: { zh: '正在重新安排专人', en: 'Finding another person' },
  pending_acceptance: { zh: '已安排专人', en: 'Assigned' },
  in_progress: { zh: '处理中', en: 'Being handled' },
  escalated: { zh: '处理中（已加急）', en: 'Being handled (expedited)' },
  pending_customer: { zh: '等待您的回复', en: 'Waiting for your reply' },
  on_hold: { zh: '处理中（等待中）', en: 'Being handled (waiting)' },
  pending_review: { zh: '处理完成，待审核', en: 'Done, being checked' },
  resolved: { zh: '已解决，待您确认', en: 'Resolved, please confirm' },
  reopened: { zh: '已重新处理', en: 'Reopened' },
  closed: { zh: '已完成', en: 'Completed' },
};

const SUBSTATUS: Record<string, ProgressText> = {
  awaiting_parts: { zh: '等待备件到货', en: 'Waiting for spare parts' },
  awaiting_visit: { zh: '等待上门服务', en: 'Waiting for the on-site visit' },
  awaiting_information: { zh: '等待您补充资料', en: 'Waiting for information from you' },
  diagnosing: { zh: '正在诊断问题', en: 'Diagnosing the problem' },
};

/** The events a customer hears about, in their words; the rest stays internal. */
const STEP: Record<string, ProgressText> = {
  'ticket.created': { zh: '您的服务请求已受理', en: 'Your request was received' },
  'ticket.assign': { zh: '已安排专人为您服务', en: 'Someone was assigned to help you' },
  'ticket.accept': { zh: '专人已接单，开始处理', en: 'Your request is being handled' },
  'ticket.transfer': { zh: '已转交更合适的专人', en: 'Passed to a better-suited person' },
  'ticket.request-info': { zh: '需要您补充信息', en: 'We need more information from you' },
  'ticket.customer-replied': { zh: '已收到您的回复', en: 'Your reply was received' },
  'ticket.escalate': { zh: '已加急处理', en: 'Your request was expedited' },
  'ticket.resolve': { zh: '问题已解决', en: 'The problem was solved' },
  'ticket.reopen': { zh: '已重新处理', en: 'Your request was reopened' },
  'ticket.close': { zh: '服务已完成', en: 'Service completed' },
};

const MILESTONES: { key: string; label: ProgressText }[] = [
  { key: 'received', label: { zh: '已受理', en: 'Received' } },
  { key: 'assigned', label: { zh: '已派单', en: 'Assigned' } },
  { key: 'handling', label: { zh: '处理中', en: 'Being handled' } },
  { key: 'resolved', label: { zh: '已解决', en: 'Resolved' } },
  { key: 'closed', label: { zh: '已完成', en: 'Completed' } },
];

/** Which milestone a status stands at. */
function milestoneOf(status: string): number {
  if (status === 'closed') return 4;
  if (status === 'resolved') return 3;
  if (['in_progress', 'escalated', 'pending_customer', 'on_hold', 'pending_review', 'reopened'].includes(status)) return 2;
  if (status === 'pending_acceptance') return 1;
  return 0;
}

/** When each milestone was last reached (a reopened ticket reaches them again). */
function reachedAt(events: readonly ProgressEvent[]): (string | null)[] {
  const at: (string | null)[] = [null, null, null, null, null];
  for (const e of events) {
    if (e.type === 'ticket.created') at[0] = e.at;
    else if (e.type === 'ticket.assign' || e.type === 'ticket.transfer') at[1] = e.at;
    else if (e.type === 'ticket.accept') at[2] = e.at;
    else if (e.type === 'ticket.resolve' && e.toStatus === 'resolved') at[3] = e.at;
    else if (e.type === 'ticket.close') at[4] = e.at;
    else if (e.type === 'ticket.reopen') at[3] = at[4] = null;
  }
  return at;
}

function nextFor(t: ProgressTicket): CustomerProgress['next'] {
  switch (t.status) {
    case 'new':
    case 'pending_assignment':
    case 'pending_reassignment':
    case 'pending_acceptance':
      return { label: { zh: '专人将尽快与您联系', en: 'Someone will contact you soon' }, by: t.frtDueAt };
    case 'pending_customer':
      return { label: { zh: '请回复客服提出的问题', en: 'Please answer our question' }, by: null };
    case 'resolved':
      return { label: { zh: '请确认问题已解决并评价本次服务', en: 'Please confirm the fix and rate the service' }, by: null };
    case 'closed':
      return null;
    default:
      return { label: { zh: '预计解决时间', en: 'Expected to be solved by' }, by: t.ttrDueAt };
  }
}

export function customerProgress(t: ProgressTicket, events: readonly ProgressEvent[]): CustomerProgress {
  const current = milestoneOf(t.status);
  const at = reachedAt(events);
  const milestones = MILESTONES.map((m, i): Milestone => {
    const state: MilestoneState = i < current ? 'done' : i === current ? (t.status === 'closed' ? 'done' : 'current') : 'upcoming';
    return { key: m.key, label: m.label, state, at: state === 'upcoming' ? null : (at[i] ?? (i === 0 ? t.createdAt : null)) };
  });
  const steps = events.flatMap((e) => {
    const label = STEP[e.type];
    // A resolve that only went to review is not yet "solved" for the customer.
    if (!label || (e.type === 'ticket.resolve' && e.toStatus !== 'resolved')) return [];
    return [{ at: e.at, label }];
  });
  const waiting = t.substatus ? SUBSTATUS[t.substatus] : undefined;
  const statusLabel = waiting && current === 2 ? waiting : (STATUS[t.status] ?? { zh: t.status, en: t.status });
  return {
    number: t.ticketId,
    kind: 'ticket',
    status: t.status,
    statusLabel,
    milestones,
    steps,
    next: nextFor(t),
    actionNeeded: t.status === 'pending_customer' || t.status === 'resolved' || t.substatus === 'awaiting_information',
    updatedAt: t.updatedAt,
  };
}

/** The digits of a phone number, so '138-1234-5678' and '+86 13812345678' compare alike. */
const digits = (s: string) => s.replace(/\D/g, '');

/**
 * Does the code a customer typed prove the work is theirs? The last four digits of a phone on
 * record for them, or the whole order number. Constant-shape comparison is not needed at four
 * digits: the attempts are rate-limited instead.
 */
export function verifiesOwner(code: string, known: { phones: readonly string[]; orderId: string | null }): boolean {
  const typed = code.trim();
  if (!typed) return false;
  if (known.orderId && typed.toLowerCase() === known.orderId.trim().toLowerCase()) return true;
  const last4 = digits(typed);
  if (last4.length !== 4) return false;
  return known.phones.some((p) => {
    const d = digits(p);
    return d.length >= 7 && d.endsWith(last4);
  });
}
