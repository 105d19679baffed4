import { z } from 'zod';
import { IntegrationClient, seg, type SystemSetting } from './integration-client';

const isoDate = z.iso.datetime({ offset: true });

export const ctiCallSchema = z.object({
  callId: z.string(),
  to: z.string(),
  /** dialing until the call ends; then the result says how */
  status: z.enum(['dialing', 'completed']),
  result: z.enum(['answered', 'no_answer', 'busy', 'failed']).nullable(),
  durationSec: z.number().int().min(0).nullable(),
  /** what the callee keyed in the IVR script (DTMF), once answered: e.g. 1 = confirm, 2 = decline */
  keys: z.string().nullable().optional(),
  startedAt: isoDate,
  endedAt: isoDate.nullable(),
  duplicate: z.boolean().optional(),
});
export type CtiCall = z.infer<typeof ctiCallSchema>;

export interface CtiCallInput {
  /** a phone number or a hunt group ("group:on_duty") */
  to: string;
  /** the IVR script: p1_alert, appointment_confirmation, satisfaction_survey, … */
  script: string;
  ticketId?: string;
  reason?: string;
}

/** The call centre: places outbound calls and tells how they ended. */
export function createCtiClient(setting: SystemSetting) {
  const c = new IntegrationClient(setting);
  return {
    configured: c.configured,
    placeCall: (input: CtiCallInput, idempotencyKey: string): Promise<CtiCall> => c.post('/calls', input, idempotencyKey, ctiCallSchema),
    getCall: (callId: string): Promise<CtiCall> => c.get(`/calls/${seg(callId)}`, ctiCallSchema),
  };
}
export type CtiClient = ReturnType<typeof createCtiClient>;
