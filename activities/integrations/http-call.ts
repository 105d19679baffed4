import { ApplicationFailure } from '@temporalio/common';

/**
 * One HTTP call to an outside system: a time-out, an idempotency key, and errors sorted into
 * retryable (network, 408, 429, 5xx) and not (other 4xx: retrying cannot help).
 */
export async function postJson(
  url: string,
  body: unknown,
  opts: { idempotencyKey: string; timeoutMs?: number; headers?: Record<string, string> },
): Promise<{ status: number; json: unknown }> {
  let res: Response;
  try {
    res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': opts.idempotencyKey, ...opts.headers },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(opts.timeoutMs ?? 10_000),
    });
  } catch (err) {
    throw ApplicationFailure.retryable(`${new URL(url).host} unreachable: ${(err as Error).message}`, 'IntegrationUnavailable');
  }
  const text = await res.text();
  let json: unknown = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    json = text;
  }
  if (res.ok) return { status: res.status, json };
  const detail = `${new URL(url).host} answered ${res.status}: ${text.slice(0, 200)}`;
  if (res.status === 408 || res.status === 429 || res.status >= 500) throw ApplicationFailure.retryable(detail, 'IntegrationUnavailable');
  throw ApplicationFailure.nonRetryable(detail, 'IntegrationRejected');
}
