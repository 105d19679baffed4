import { PublicCallError, type Progress } from '../public-client';

/** The calls a customer makes after reporting or verifying (api/public): the token proves who they are. */
export type CustomerAction = 'add-material' | 'reschedule' | 'cancel' | 'rate';

export interface VerifiedProgress extends Progress {
  actions: CustomerAction[];
  access?: { token: string; expiresAt: string };
}

export interface Reported {
  number: string;
  verification: { hint: string; hintEn: string; last4: string };
  upload: { token: string; expiresAt: string };
}

export interface ReportInput {
  qrToken?: string;
  serialNo?: string;
  phone: string;
  description: string;
  contactName?: string;
  address?: string;
}

async function send<T>(path: string, init: RequestInit): Promise<T> {
  let res: Response;
  try {
    res = await fetch(path, init);
  } catch {
    throw new PublicCallError(0);
  }
  const body = await res.json().catch(() => null);
  if (!res.ok) {
    const err = new PublicCallError(
      res.status,
      (body?.errors ?? []).map((e: { field: string }) => e.field),
    );
    (err as PublicCallError & { code?: string }).code = body?.code;
    throw err;
  }
  return body as T;
}

const json = (body: unknown, headers: Record<string, string> = {}): RequestInit => ({
  method: 'POST',
  headers: { 'content-type': 'application/json', ...headers },
  body: JSON.stringify(body),
});
const work = (number: string) => `/api/v1/public/work/${encodeURIComponent(number)}`;
const token = (t: string) => ({ 'x-access-token': t });

/** The page makes one key per report, so a retry after a lost answer opens no second ticket. */
export const reportProblem = (input: ReportInput, idempotencyKey: string) =>
  send<Reported>('/api/v1/public/reports', json(input, { 'Idempotency-Key': idempotencyKey }));

export const uploadPhoto = (number: string, accessToken: string, file: File, idempotencyKey: string) =>
  send<{ id: string }>(
    `${work(number)}/attachments?${new URLSearchParams({ kind: file.type.startsWith('video/') ? 'video' : 'photo', name: file.name })}`,
    {
      method: 'POST',
      headers: { 'content-type': file.type || 'application/octet-stream', 'Idempotency-Key': idempotencyKey, ...token(accessToken) },
      body: file,
    },
  );

export const getWork = (number: string, accessToken: string) => send<VerifiedProgress>(work(number), { headers: token(accessToken) });
export const addNote = (number: string, accessToken: string, text: string, idempotencyKey: string) =>
  send<VerifiedProgress>(`${work(number)}/notes`, json({ text }, { ...token(accessToken), 'Idempotency-Key': idempotencyKey }));
export const rescheduleVisit = (number: string, accessToken: string, body: { windowStart: string; windowEnd: string; reason?: string }) =>
  send<VerifiedProgress>(`${work(number)}/reschedule`, json(body, token(accessToken)));
export const cancelVisit = (number: string, accessToken: string, reason: string) =>
  send<VerifiedProgress>(`${work(number)}/cancel`, json({ reason }, token(accessToken)));
export const rateWork = (number: string, accessToken: string, body: { csat: number; nps?: number; comment?: string }) =>
  send<{ ratedAt: string }>(`${work(number)}/rating`, json(body, token(accessToken)));

export const newKey = () => (crypto.randomUUID ? crypto.randomUUID() : `${Date.now()}-${Math.random().toString(36).slice(2)}`);
