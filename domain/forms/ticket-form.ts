import type { CreateTicketInput, TicketState } from '../ticket/ticket.schema';
import { checkForm, isBlank, toAttachmentRefs, type FormViolation } from './form-check';
import type { FormAction, FormRequirements, FormTemplate } from './form-template';
import type { FormValue, TicketFormRecord } from './form-values';

/**
 * Form templates applied to tickets: at intake, over the create payload; on an action, over the
 * ticket as it stands plus the action's payload.
 */

/** Payload fields a template field may name directly (a serial number is `serialNo`, not `form.serialNo`). */
const TICKET_VALUE_FIELDS = [
  'orderId',
  'customerId',
  'sku',
  'serialNo',
  'assetId',
  'region',
  'customerTier',
  'entitlement',
  'description',
  'priority',
  'channel',
] as const;

function ticketValues(t: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of TICKET_VALUE_FIELDS) if (t[k] !== undefined) out[k] = t[k];
  return out;
}

export interface IntakeFormResult {
  violations: FormViolation[];
  /** what the ticket keeps: values given, attachments described, and the template checked */
  record: TicketFormRecord;
}

/**
 * Checks a create payload against the category's template. Form values win over ticket fields of
 * the same name; each violation names the request field ("form.invoiceNo", "serialNo",
 * "attachments.invoice").
 */
export function checkIntakeForm(template: (FormTemplate & { version: number }) | null, ticket: CreateTicketInput): IntakeFormResult {
  const values = { ...ticketValues(ticket), ...(ticket.form ?? {}) };
  const attachments = toAttachmentRefs(ticket.attachments);
  const formKeys = new Set(Object.keys(ticket.form ?? {}));
  const violations = template
    ? checkForm(template, {
        values,
        attachments,
        ticket: ticket as unknown as Record<string, unknown>,
        fieldPath: (k) => ((TICKET_VALUE_FIELDS as readonly string[]).includes(k) && !formKeys.has(k) ? k : `form.${k}`),
      })
    : [];
  return {
    violations,
    record: {
      template: template ? { key: template.key, version: template.version } : null,
      values: (ticket.form ?? {}) as Record<string, FormValue>,
      // only the described ones: bare URLs say nothing the ticket's `attachments` does not
      attachments: attachments.filter((a) => Object.keys(a).length > 1),
    },
  };
}

/**
 * What an action needs under the ticket's template, checked over the ticket's values (its fields,
 * details, form values, resolution) overlaid with the action's payload. Nothing when the template
 * puts no requirements on the action.
 */
export function checkActionForm(
  template: FormTemplate,
  action: string,
  ticket: TicketState,
  payload: Record<string, unknown>,
): FormViolation[] {
  const req: FormRequirements | undefined = template.transitions[action as FormAction];
  if (!req) return [];
  const d = ticket.details;
  const known: Record<string, unknown> = {
    ...ticketValues(ticket as unknown as Record<string, unknown>),
    ...(d.form?.values ?? {}),
    ...(isBlank(d.rootCause) ? {} : { rootCause: d.rootCause }),
    ...(isBlank(d.diagnosis) ? {} : { diagnosis: d.diagnosis }),
    ...(isBlank(ticket.resolution) ? {} : { resolution: ticket.resolution }),
  };
  const attachments = [
    ...(d.form?.attachments ?? []),
    ...ticket.attachments.filter((url) => !d.form?.attachments.some((a) => a.url === url)).map((url) => ({ url })),
  ];
  return checkForm(req, {
    values: { ...known, ...payload },
    attachments,
    ticket: ticket as unknown as Record<string, unknown>,
  });
}

/** One line naming every violation, in English then zh-CN, for the problem's `detail`. */
export function describeViolations(violations: readonly FormViolation[]): string {
  return `${violations.map((v) => v.message).join('; ')} — ${violations.map((v) => v.messageZh).join('；')}`;
}
