/** What the simulated outside systems did, in arrival order; tests and the demo read it. */
export interface InboxEntry {
  system: string;
  path: string;
  idempotencyKey: string | null;
  body: unknown;
  /** what the system answered the first time (a repeat with the same key gets it again) */
  result?: unknown;
  receivedAt: string;
}

/** One request as it arrived, whatever came of it: the raw call log next to the ledger of effects. */
export interface CallRecord {
  system: string;
  method: string;
  path: string;
  status: number;
  idempotencyKey: string | null;
  /** answered from an earlier request with the same idempotency key */
  duplicate: boolean;
  /** set when /sim/fail or the failure rate produced the answer instead of the system */
  simulated?: 'fail' | 'fail_after' | 'failure_rate';
  at: string;
}

export class SimulatorInbox {
  private readonly entries: InboxEntry[] = [];
  private readonly seen = new Map<string, InboxEntry>();
  private readonly calls: CallRecord[] = [];

  /** Records a request; a repeat with the same idempotency key returns the first one instead. */
  record(entry: Omit<InboxEntry, 'receivedAt'>): { entry: InboxEntry; duplicate: boolean } {
    const key = entry.idempotencyKey ? `${entry.system}:${entry.idempotencyKey}` : null;
    const earlier = key ? this.seen.get(key) : undefined;
    if (earlier) return { entry: earlier, duplicate: true };
    const stored = { ...entry, receivedAt: new Date().toISOString() };
    this.entries.push(stored);
    if (key) this.seen.set(key, stored);
    return { entry: stored, duplicate: false };
  }

  /** The earlier write of `system` under this idempotency key, if any. */
  find(system: string, idempotencyKey: string): InboxEntry | undefined {
    return this.seen.get(`${system}:${idempotencyKey}`);
  }

  logCall(call: Omit<CallRecord, 'at'>): void {
    this.calls.push({ ...call, at: new Date().toISOString() });
  }

  list(system?: string): InboxEntry[] {
    return system ? this.entries.filter((e) => e.system === system) : [...this.entries];
  }

  listCalls(system?: string): CallRecord[] {
    return system ? this.calls.filter((c) => c.system === system) : [...this.calls];
  }

  clear(): void {
    this.entries.length = 0;
    this.seen.clear();
    this.calls.length = 0;
  }
}
