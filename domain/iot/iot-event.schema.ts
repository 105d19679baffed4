import { z } from 'zod';
import { ALARM_SEVERITIES } from './alarm-rules';

/**
 * What a device platform posts to /api/v1/iot/events. The device is named by the asset's id or
 * the platform's device id (`deviceId`), or by the asset's serial number (`serialNo`).
 */
const readingName = z.string().regex(/^[A-Za-z][\w-]{0,63}$/, 'letters, digits, _ or -, starting with a letter');
export const readingsSchema = z
  .record(readingName, z.union([z.number(), z.string().max(200), z.boolean(), z.null()]))
  .refine((r) => Object.keys(r).length <= 100, 'at most 100 readings');

const base = {
  deviceId: z.string().trim().min(1).max(128).optional(),
  serialNo: z.string().trim().min(1).max(128).optional(),
  /** the platform's message id: a retried message with the same id is answered from the first time */
  messageId: z.string().trim().min(1).max(200).optional(),
  occurredAt: z.iso.datetime({ offset: true }),
};

export const iotEventSchema = z
  .discriminatedUnion('kind', [
    z.object({ ...base, kind: z.literal('telemetry'), readings: readingsSchema }).strict(),
    z
      .object({
        ...base,
        kind: z.literal('alarm'),
        faultCode: z
          .string()
          .trim()
          .min(1)
          .max(64)
          .regex(/^[\w.:-]+$/, 'letters, digits and . _ : -'),
        severity: z.enum(ALARM_SEVERITIES).optional(),
        readings: readingsSchema.optional(),
        message: z.string().trim().min(1).max(2000).optional(),
      })
      .strict(),
  ])
  .superRefine((e, ctx) => {
    if (!e.deviceId && !e.serialNo) ctx.addIssue({ code: 'custom', path: ['deviceId'], message: 'deviceId or serialNo is required' });
  });

export type IotEvent = z.infer<typeof iotEventSchema>;
