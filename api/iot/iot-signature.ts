import type { Request } from 'express';
import type { DataSource } from 'typeorm';
import { DEFAULT_TOLERANCE_SECONDS, SIGNATURE_HEADER, verifyWebhook } from '../../activities/webhook-signature';
import { HttpProblem } from '../http/problem';

/**
 * Device events are signed like Fixflow's own webhooks (README "Webhooks"), with the secret of
 * the IoT source that sends them:
 *
 *   X-Fixflow-Source: <source id>
 *   X-Fixflow-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>
 *
 * A timestamp more than 5 minutes from the server's clock is refused (replay), as is any
 * signature that does not match the exact bytes received.
 */
export const SOURCE_HEADER = 'X-Fixflow-Source';

function refuse(code: string, detail: string, field: string): HttpProblem {
  return new HttpProblem(401, code, 'Signature refused', detail, [{ field: `header.${field}`, message: detail }]);
}

export function rawBodyOf(req: Request): string {
  const raw = (req as { rawBody?: Buffer }).rawBody;
  return raw ? raw.toString('utf8') : '';
}

export async function verifyIotSignature(db: Pick<DataSource, 'query'>, req: Request, nowMs = Date.now()): Promise<{ sourceId: string }> {
  const sourceId = req.header(SOURCE_HEADER)?.trim();
  if (!sourceId) throw refuse('source_required', `send ${SOURCE_HEADER}: <IoT source id>`, SOURCE_HEADER);
  const [source] = (await db.query(`SELECT secret FROM iot_sources WHERE id = $1 AND active`, [sourceId])) as { secret: string }[];
  const header = req.header(SIGNATURE_HEADER) ?? '';
  if (!header) throw refuse('signature_required', `send ${SIGNATURE_HEADER}: t=<unix seconds>,v1=<hex HMAC-SHA256>`, SIGNATURE_HEADER);
  const t = /(?:^|,)\s*t=(\d{1,12})\s*(?:,|$)/.exec(header)?.[1];
  if (!t) throw refuse('invalid_signature', 'the signature has no timestamp (t=<unix seconds>)', SIGNATURE_HEADER);
  const nowSeconds = Math.floor(nowMs / 1000);
  const skew = nowSeconds - Number(t);
  if (Math.abs(skew) > DEFAULT_TOLERANCE_SECONDS) {
    throw refuse(
      'stale_signature',
      `the signature's timestamp is ${Math.abs(skew)} s ${skew > 0 ? 'old' : 'in the future'}; at most ${DEFAULT_TOLERANCE_SECONDS} s are accepted`,
      SIGNATURE_HEADER,
    );
  }
  // An unknown source and a wrong signature answer alike, so that source ids cannot be probed.
  if (!source || !verifyWebhook(source.secret, rawBodyOf(req), header, nowSeconds)) {
    throw refuse('invalid_signature', "the signature does not match the body under this source's secret", SIGNATURE_HEADER);
  }
  return { sourceId };
}
