import { ApiError, getToken, request, uuid } from '../../api/client';

/**
 * The engineer pages' calls. JSON goes through the console's `request` (a pasted token, or the
 * session cookie with its CSRF header); file uploads send raw bytes, so they set the same headers
 * here. A token not linked to an engineer names one (`fixflow.engineer.for`, kept for the tab).
 */
const ENGINEER_FOR = 'fixflow.engineer.for';

export function engineerFor(): string | null {
  try {
    return sessionStorage.getItem(ENGINEER_FOR);
  } catch {
    return null;
  }
}

export function setEngineerFor(id: string | null): void {
  if (id) sessionStorage.setItem(ENGINEER_FOR, id);
  else sessionStorage.removeItem(ENGINEER_FOR);
}

export interface TaskItem {
  visitId: string;
  status: string;
  purpose: 'repair' | 'patrol' | 'follow-up';
  priority: string | null;
  windowStart: string | null;
  windowEnd: string | null;
  address: string | null;
  lat: number | null;
  lng: number | null;
  description: string | null;
  ticketId: string | null;
}

export interface ReceiptView {
  receiptNo: string;
  summary: string;
  parts: { partCode: string; name: string; qty: number; unitPriceFen: number; amountFen: number }[];
  fees: { kind: string; item: string; amountFen: number }[];
  partsFen: number;
  feesFen: number;
  totalFen: number;
}

export interface VisitDetail {
  visitId: string;
  status: string;
  purpose?: string;
  engineerId: string | null;
  windowStart: string | null;
  windowEnd: string | null;
  address?: string | null;
  siteLat?: number;
  siteLng?: number;
  description?: string | null;
  checkIn: { lat: number | null; lng: number | null; distanceM: number | null; flagged: boolean };
  parts: { needed: { partCode: string; qty: number }[]; used: { partCode: string; qty: number }[] } | null;
  receipt: ReceiptView | null;
  rating: number | null;
  workRecord?: string;
  seq: number;
  availableActions: string[];
}

export interface VanItem {
  partCode: string;
  partName: string;
  onHand: number;
  available: number;
  unitPriceFen: number;
}

export interface AttachmentItem {
  id: string;
  kind: string;
  name: string | null;
  mime?: string;
}

const forEngineer = () => {
  const id = engineerFor();
  return id ? `&engineerId=${encodeURIComponent(id)}` : '';
};

export const engineerApi = {
  async myVisits(date: string, days: number): Promise<TaskItem[]> {
    return (await request<{ items: TaskItem[] }>(`/api/v1/me/visits?date=${date}&days=${days}${forEngineer()}`)).data.items;
  },
  async vanStock(): Promise<VanItem[]> {
    return (await request<{ items: VanItem[] }>(`/api/v1/me/van-stock?${forEngineer().slice(1)}`)).data.items;
  },
  async visit(visitId: string): Promise<VisitDetail> {
    return (await request<VisitDetail>(`/api/v1/visits/${encodeURIComponent(visitId)}`)).data;
  },
  async attachments(visitId: string): Promise<AttachmentItem[]> {
    return (await request<{ items: AttachmentItem[] }>(`/api/v1/attachments?ownerType=visit&ownerId=${encodeURIComponent(visitId)}`)).data
      .items;
  },
  /** One action on the visit; the key makes a double tap or a retry harmless. */
  async act(visitId: string, action: string, body: Record<string, unknown>, key = uuid()): Promise<VisitDetail> {
    const path = `/api/v1/visits/${encodeURIComponent(visitId)}/actions/${action}`;
    return (await request<VisitDetail>(path, { method: 'POST', body, headers: { 'Idempotency-Key': key } })).data;
  },
};

function csrfToken(): string | null {
  const m = /(?:^|;\s*)fixflow_csrf=([^;]*)/.exec(document.cookie);
  return m ? decodeURIComponent(m[1]!) : null;
}

/**
 * Uploads a file against the visit. The Idempotency-Key is the queue entry's id, so a retry after
 * a lost answer gets the same attachment back instead of a second copy.
 */
export async function uploadToVisit(
  visitId: string,
  file: { blob: Blob; type: string; name: string; kind: string },
  key: string,
): Promise<{ id: string }> {
  const headers: Record<string, string> = { 'Content-Type': file.type || 'application/octet-stream', 'Idempotency-Key': key };
  const token = getToken();
  if (token) headers.Authorization = `Bearer ${token}`;
  else {
    const csrf = csrfToken();
    if (csrf) headers['X-CSRF-Token'] = csrf;
  }
  const qs = new URLSearchParams({ ownerType: 'visit', ownerId: visitId, kind: file.kind, name: file.name.slice(0, 200) || 'file' });
  let res: Response;
  try {
    res = await fetch(`/api/v1/attachments?${qs}`, { method: 'POST', credentials: 'same-origin', headers, body: file.blob });
  } catch {
    throw new ApiError(0, null);
  }
  const body = (await res.json().catch(() => null)) as { id?: string } | null;
  if (!res.ok || !body?.id) throw new ApiError(res.status, body as never);
  return { id: body.id };
}
