import {
  ATTACHMENT_KINDS,
  CLOSE_REASONS,
  ESCALATION_LEVELS,
  NOTE_VISIBILITIES,
  PAUSE_REASONS,
  PRIORITIES,
  SUBSTATUSES,
  type ActionBodies,
  type ActionName,
} from '../api/types';
import type { LabelPrefix, MessageKey } from '../i18n';

/**
 * What each ticket action asks for, as data: the panel renders any action's form from its list of
 * fields, so a payload change is one line here (checked against ActionBodies by the compiler).
 */
export interface FieldSpec<N extends string = string> {
  /** the payload field the value is sent as */
  name: N;
  label: MessageKey;
  kind: 'input' | 'textarea' | 'select';
  required?: boolean;
  /** the server's limit, so the browser stops there instead of the server refusing */
  max?: number;
  rows?: number;
  inputType?: 'text' | 'url';
  placeholder?: MessageKey;
  /** select only: the allowed values, labelled `${optionLabel}.${value}` */
  options?: readonly string[];
  optionLabel?: LabelPrefix;
  /** select only: preselected value (the server's default, or the mildest choice) */
  initial?: string;
}

type FieldsOf<A extends ActionName> = readonly FieldSpec<keyof ActionBodies[A] & string>[];

const note = { name: 'note', label: 'action.field.note', kind: 'textarea', rows: 2, max: 2000 } as const;
const assigneeId = {
  name: 'assigneeId',
  label: 'action.field.assigneeId',
  kind: 'input',
  required: true,
  max: 128,
  placeholder: 'action.field.assigneeIdPlaceholder',
} as const;
const groupId = {
  name: 'groupId',
  label: 'action.field.groupId',
  kind: 'input',
  max: 128,
  placeholder: 'action.field.groupIdPlaceholder',
} as const;
const reason = (label: MessageKey, placeholder?: MessageKey) =>
  ({ name: 'reason', label, kind: 'textarea', rows: 2, required: true, max: 2000, placeholder }) as const;

export const ACTION_FIELDS: { [A in ActionName]: FieldsOf<A> } = {
  assign: [assigneeId, groupId, note],
  accept: [note],
  dispute: [reason('action.field.disputeReason', 'action.field.disputeReasonPlaceholder'), note],
  start: [note],
  'set-substatus': [
    { name: 'substatus', label: 'action.field.substatus', kind: 'select', required: true, options: SUBSTATUSES, optionLabel: 'substatus' },
    note,
  ],
  'request-info': [
    {
      name: 'message',
      label: 'action.field.requestMessage',
      kind: 'textarea',
      rows: 3,
      required: true,
      max: 2000,
      placeholder: 'action.field.requestMessagePlaceholder',
    },
  ],
  'customer-replied': [
    {
      name: 'message',
      label: 'action.field.replyMessage',
      kind: 'textarea',
      rows: 3,
      required: true,
      max: 10_000,
      placeholder: 'action.field.replyMessagePlaceholder',
    },
  ],
  hold: [
    {
      name: 'reason',
      label: 'action.field.holdReason',
      kind: 'select',
      required: true,
      options: PAUSE_REASONS,
      optionLabel: 'pauseReason',
    },
    { name: 'evidence', label: 'action.field.evidence', kind: 'input', max: 2000, placeholder: 'action.field.evidencePlaceholder' },
    note,
  ],
  resume: [note],
  escalate: [
    {
      name: 'level',
      label: 'action.field.level',
      kind: 'select',
      required: true,
      options: ESCALATION_LEVELS,
      optionLabel: 'escalationLevel',
      initial: 'L2',
    },
    reason('action.field.escalateReason', 'action.field.escalateReasonPlaceholder'),
    groupId,
  ],
  transfer: [assigneeId, groupId, reason('action.field.transferReason', 'action.field.transferReasonPlaceholder')],
  'change-priority': [
    { name: 'priority', label: 'action.field.priority', kind: 'select', required: true, options: PRIORITIES, optionLabel: 'priority' },
    reason('action.field.priorityReason', 'action.field.priorityReasonPlaceholder'),
  ],
  'add-note': [
    {
      name: 'text',
      label: 'action.field.text',
      kind: 'textarea',
      rows: 3,
      required: true,
      max: 10_000,
      placeholder: 'action.field.textPlaceholder',
    },
    {
      name: 'visibility',
      label: 'action.field.visibility',
      kind: 'select',
      required: true,
      options: NOTE_VISIBILITIES,
      optionLabel: 'visibility',
      initial: 'internal',
    },
  ],
  'add-attachment': [
    {
      name: 'url',
      label: 'action.field.url',
      kind: 'input',
      inputType: 'url',
      required: true,
      max: 2048,
      placeholder: 'action.field.urlPlaceholder',
    },
    { name: 'name', label: 'action.field.fileName', kind: 'input', max: 200, placeholder: 'action.field.fileNamePlaceholder' },
    {
      name: 'kind',
      label: 'action.field.kind',
      kind: 'select',
      options: ATTACHMENT_KINDS,
      optionLabel: 'attachmentKind',
      initial: 'other',
    },
  ],
  resolve: [
    {
      name: 'resolution',
      label: 'action.field.resolution',
      kind: 'textarea',
      rows: 4,
      required: true,
      max: 10_000,
      placeholder: 'action.field.resolutionPlaceholder',
    },
    { name: 'rootCause', label: 'action.field.rootCause', kind: 'input', max: 2000, placeholder: 'action.field.rootCausePlaceholder' },
    { name: 'diagnosis', label: 'action.field.diagnosis', kind: 'textarea', rows: 2, max: 2000 },
  ],
  close: [{ name: 'reason', label: 'action.field.closeReason', kind: 'select', options: CLOSE_REASONS, optionLabel: 'closeReason' }, note],
  reopen: [reason('action.field.reopenReason', 'action.field.reopenReasonPlaceholder')],
};

/**
 * Button order: moving the ticket on first, then handing it elsewhere, then working inside the
 * current state, then the record-keeping actions every open ticket allows.
 */
export const ACTION_ORDER: readonly ActionName[] = [
  'accept',
  'start',
  'resume',
  'customer-replied',
  'resolve',
  'close',
  'reopen',
  'assign',
  'transfer',
  'dispute',
  'escalate',
  'set-substatus',
  'request-info',
  'hold',
  'change-priority',
  'add-note',
  'add-attachment',
];

/** The likely next step of each state, shown as the primary button: the first of these the ticket allows. */
const PRIMARY_ORDER: readonly ActionName[] = ['resolve', 'accept', 'close', 'resume', 'customer-replied', 'start', 'assign'];

const isKnown = (a: string): a is ActionName => (ACTION_ORDER as readonly string[]).includes(a);

/** The server's available actions that this panel has a form for, in button order, primary first. */
export function orderActions(available: readonly string[] | undefined): { actions: ActionName[]; primary: ActionName | null } {
  const known = new Set((available ?? []).filter(isKnown));
  const primary = PRIMARY_ORDER.find((a) => known.has(a)) ?? null;
  const rest = ACTION_ORDER.filter((a) => known.has(a) && a !== primary);
  return { actions: primary ? [primary, ...rest] : rest, primary };
}

export function initialValues(action: ActionName): Record<string, string> {
  const values: Record<string, string> = {};
  for (const f of ACTION_FIELDS[action] as readonly FieldSpec[]) values[f.name] = f.initial ?? '';
  return values;
}

/** Names of the required fields left empty. */
export function missingFields(action: ActionName, values: Record<string, string>): string[] {
  return (ACTION_FIELDS[action] as readonly FieldSpec[]).filter((f) => f.required && !values[f.name]?.trim()).map((f) => f.name);
}

/**
 * The payload: trimmed values of this action's fields, empty optional ones left out (the server
 * refuses an empty string where it expects an id or a choice, and refuses fields it does not know).
 */
export function buildBody<A extends ActionName>(action: A, values: Record<string, string>): ActionBodies[A] {
  const body: Record<string, string> = {};
  for (const f of ACTION_FIELDS[action] as readonly FieldSpec[]) {
    const v = values[f.name]?.trim();
    if (v) body[f.name] = v;
  }
  // Sound because the fields are typed against ActionBodies and missingFields() ran first.
  return body as unknown as ActionBodies[A];
}
