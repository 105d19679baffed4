/**
 * Calls the public (no sign-in) part of the API the customer's phone pages use. Errors come back
 * as the problem's status, so the page can say "wrong code" and "too many attempts" apart.
 */
export interface Text {
  zh: string;
  en: string;
}

export interface PublicAsset {
  name: string | null;
  model: string;
  serialNo: string | null;
  warranty: { status: string; endsOn: string | null };
  site: { city: string | null };
}

export interface AssetWork {
  number: string;
  status: string;
  statusLabel: Text;
  createdAt: string | null;
  updatedAt: string;
}

export interface Progress {
  number: string;
  status: string;
  statusLabel: Text;
  milestones: { key: string; label: Text; state: 'done' | 'current' | 'upcoming'; at: string | null }[];
  steps: { at: string; label: Text }[];
  next: { label: Text; by: string | null } | null;
  actionNeeded: boolean;
  updatedAt: string;
}

export class PublicCallError extends Error {
  constructor(
    readonly status: number,
    readonly fields: string[] = [],
  ) {
    super(`HTTP ${status}`);
  }
}

async function call<T>(path: string, init?: RequestInit): Promise<T> {
  let res: Response;
  try {
    res = await fetch(path, init);
  } catch {
    throw new PublicCallError(0);
  }
  const body = await res.json().catch(() => null);
  if (!res.ok)
    throw new PublicCallError(
      res.status,
      (body?.errors ?? []).map((e: { field: string }) => e.field),
    );
  return body as T;
}

export const getPublicAsset = (token: string) => call<PublicAsset>(`/api/v1/public/assets/${encodeURIComponent(token)}`);
export const listAssetWork = (token: string) =>
  call<{ items: AssetWork[] }>(`/api/v1/public/assets/${encodeURIComponent(token)}/work`).then((r) => r.items);
export const getProgress = (number: string, code: string) =>
  call<Progress>('/api/v1/public/progress', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ number, code }),
  });
