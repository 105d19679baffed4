/** What the simulated outside systems received, in arrival order; tests and the demo read it. */
export interface InboxEntry {
  system: string;
  path: string;
  idempotencyKey: string | null;
  body: unknown;
  receivedAt: string;
}

export class SimulatorInbox {
  private readonly entries: InboxEntry[] = [];
  private readonly seen = new Map<string, InboxEntry>();

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

  list(system?: string): InboxEntry[] {
    return system ? this.entries.filter((e) => e.system === system) : [...this.entries];
  }

  clear(): void {
    this.entries.length = 0;
    this.seen.clear();
  }
}
