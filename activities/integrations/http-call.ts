import { ApplicationFailure } from '@temporalio/common';
import { SIGNATURE_HEADER, signWebhook } from '../webhook-signature';

/**
 * The one HTTP helper every call to an outside system goes through: a time-out, credentials, an
 * idempotency key on writes, an optional request signature, and errors sorted by what a retry can do:
 *
 * - `IntegrationUnavailable` (retryable): unreachable, timed out, 408, 429, 5xx;
 * - `IntegrationRejected` (non-retryable): any other 4xx — the system said no, and says why;
 * - `IntegrationBadResponse` (non-retryable): a 2xx whose body is not what the contract promises.
 *
 * Headers sent:
 *
 *   X-Api-Key: <key>                          when the system has an API key
 *   Idempotency-Key: <key>                    on every write
 *   X-Fixflow-Signature: t=<unix s>,v1=<hex>  when the system has a signing secret
 *
 * The signature is HMAC-SHA256 with the system's secret over `<t>.<METHOD> <path?query>\n<raw body>`
 * (the scheme of our outgoing webhooks, activities/webhook-signature.ts, with the request target
 * in front of the body so a signed body cannot be replayed against another endpoint; a GET signs
 * an empty body).
 */
export const API_KEY_HEADER = 'X-Api-Key';
export const IDEMPOTENCY_HEADER = 'Idempotency-Key';
export { SIGNATURE_HEADER };

export interface HttpCallOptions {
  /** for messages: "OMS", "ERP", or the host when omitted */
  system?: string;
  idempotencyKey?: string;
  timeoutMs?: number;
  apiKey?: string;
  signingSecret?: string;
  headers?: Record<string, string>;
}

export interface HttpCallResult {
  status: number;
  json: unknown;
}

/** What is signed for a request: see the module comment. */
export function signedPayload(method: string, url: string, rawBody: string): string {
  const u = new URL(url);
  return `${method.toUpperCase()} ${u.pathname}${u.search}\n${rawBody}`;
}

/** The best human-readable reason in an error body: `error`, `message`, `msg`, `detail`, else the text. */
function reasonOf(json: unknown, text: string): string {
  if (json && typeof json === 'object') {
    const o = json as Record<string, unknown>;
    for (const k of ['error', 'message', 'msg', 'detail', 'title']) if (typeof o[k] === 'string' && o[k]) return o[k] as string;
  }
  return text.slice(0, 200) || '(empty body)';
}

export async function callJson(
  method: 'GET' | 'POST' | 'PUT' | 'DELETE',
  url: string,
  body: unknown,
  opts: HttpCallOptions = {},
): Promise<HttpCallResult> {
  const who = opts.system ?? new URL(url).host;
  const raw = body === undefined ? '' : JSON.stringify(body);
  const timeoutMs = opts.timeoutMs ?? 10_000;
  const headers: Record<string, string> = { accept: 'application/json', ...opts.headers };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (opts.idempotencyKey) headers[IDEMPOTENCY_HEADER] = opts.idempotencyKey;
  if (opts.apiKey) headers[API_KEY_HEADER] = opts.apiKey;
  if (opts.signingSecret) headers[SIGNATURE_HEADER] = signWebhook(opts.signingSecret, signedPayload(method, url, raw), Date.now() / 1000);

  let res: Response;
  let text: string;
  try {
    res = await fetch(url, { method, headers, body: body === undefined ? undefined : raw, signal: AbortSignal.timeout(timeoutMs) });
    text = await res.text();
  } catch (err) {
    const e = err as Error;
    const why = e.name === 'TimeoutError' ? `timed out after ${timeoutMs} ms` : `unreachable: ${e.message}`;
    throw ApplicationFailure.create({
      message: `${who} ${method} ${new URL(url).pathname} ${why}`,
      type: 'IntegrationUnavailable',
      details: [{ system: who, url, timedOut: e.name === 'TimeoutError' }],
    });
  }
  let json: unknown = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    json = text;
  }
  if (res.ok) return { status: res.status, json };
  const message = `${who} ${method} ${new URL(url).pathname} answered ${res.status}: ${reasonOf(json, text)}`;
  const retryable = res.status === 408 || res.status === 429 || res.status >= 500;
  throw ApplicationFailure.create({
    message,
    type: retryable ? 'IntegrationUnavailable' : 'IntegrationRejected',
    nonRetryable: !retryable,
    details: [{ system: who, url, status: res.status, body: json }],
  });
}

/** A POST with an idempotency key (the message providers and CTI use this shape). */
export function postJson(url: string, body: unknown, opts: HttpCallOptions & { idempotencyKey: string }): Promise<HttpCallResult> {
  return callJson('POST', url, body, opts);
}
