import { ApiError } from '../../api/client';

/**
 * Photos and videos taken on site wait in IndexedDB until they are on the server: every capture is
 * stored first and sent from there, so no signal, a failed request or a closed tab loses nothing.
 * Sending retries with exponential backoff (1 s … 2 min) and at once when the browser comes back
 * online. The entry's id is the upload's Idempotency-Key: a retry whose first answer was lost gets
 * the same attachment, never a copy.
 */
export interface QueuedUpload {
  id: string;
  visitId: string;
  kind: 'photo' | 'video';
  name: string;
  type: string;
  blob: Blob;
  attempts: number;
  nextAt: number;
  /** set when the server refused the file itself (type, size): retrying will not help */
  refused?: string;
}

type Sender = (item: QueuedUpload) => Promise<{ id: string }>;

const DB_NAME = 'fixflow-engineer';
const STORE = 'uploads';
const MAX_DELAY_MS = 120_000;

function openDb(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const req = indexedDB.open(DB_NAME, 1);
    req.onupgradeneeded = () => req.result.createObjectStore(STORE, { keyPath: 'id' });
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error ?? new Error('IndexedDB unavailable'));
  });
}

function tx<T>(db: IDBDatabase, mode: IDBTransactionMode, run: (s: IDBObjectStore) => IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    const r = run(db.transaction(STORE, mode).objectStore(STORE));
    r.onsuccess = () => resolve(r.result);
    r.onerror = () => reject(r.error ?? new Error('IndexedDB request failed'));
  });
}

/** Whether a failure is worth retrying: no network, server trouble, rate limit, a lost session. */
const transient = (err: unknown) =>
  !(err instanceof ApiError) || err.status === 0 || err.status >= 500 || err.status === 429 || err.status === 408 || err.status === 401;

export class UploadQueue {
  private db: Promise<IDBDatabase> | null = null;
  private items: QueuedUpload[] = [];
  private timer: ReturnType<typeof setTimeout> | null = null;
  private running = false;
  private started = false;
  private readonly listeners = new Set<() => void>();
  private readonly done = new Set<(visitId: string) => void>();

  constructor(private readonly send: Sender) {}

  /** Loads what an earlier visit to the page left behind and starts sending. */
  async start(): Promise<void> {
    if (this.started) return;
    this.started = true;
    this.db ??= openDb();
    this.items = await tx(await this.db, 'readonly', (s) => s.getAll() as IDBRequest<QueuedUpload[]>);
    window.addEventListener('online', () => this.kick(true));
    this.changed();
    this.kick();
  }

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** Told each time a file of a visit has reached the server. */
  onUploaded(listener: (visitId: string) => void): () => void {
    this.done.add(listener);
    return () => this.done.delete(listener);
  }

  /** For useSyncExternalStore: the same array until something changes. */
  readonly snapshot = (): QueuedUpload[] => this.items;

  async add(visitId: string, file: File): Promise<void> {
    const item: QueuedUpload = {
      id: crypto.getRandomValues(new Uint32Array(4)).join('-'),
      visitId,
      kind: file.type.startsWith('video/') ? 'video' : 'photo',
      name: file.name || 'capture',
      type: file.type,
      // a Blob copy: some phones hand out File objects that die with the <input>
      blob: new Blob([await file.arrayBuffer()], { type: file.type }),
      attempts: 0,
      nextAt: 0,
    };
    this.db ??= openDb();
    await tx(await this.db, 'readwrite', (s) => s.put(item));
    this.items = [...this.items, item];
    this.changed();
    this.kick();
  }

  /** Sends what is due now; with `now`, everything (the network just came back). */
  kick(now = false): void {
    if (now) this.items = this.items.map((i) => (i.refused ? i : { ...i, nextAt: 0 }));
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    void this.run();
  }

  private async run(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      for (;;) {
        const due = this.items.find((i) => !i.refused && i.nextAt <= Date.now());
        if (!due || !navigator.onLine) break;
        await this.sendOne(due);
      }
    } finally {
      this.running = false;
    }
    // offline: nothing to try until the browser says it is back (the 'online' listener)
    if (!navigator.onLine) return;
    const next = this.items.filter((i) => !i.refused).reduce((m, i) => Math.min(m, i.nextAt), Infinity);
    if (Number.isFinite(next)) this.timer = setTimeout(() => this.kick(), Math.max(500, next - Date.now()));
  }

  private async sendOne(item: QueuedUpload): Promise<void> {
    const db = await this.db!;
    try {
      await this.send(item);
      await tx(db, 'readwrite', (s) => s.delete(item.id));
      this.items = this.items.filter((i) => i.id !== item.id);
      for (const l of this.done) l(item.visitId);
    } catch (err) {
      const attempts = item.attempts + 1;
      const updated: QueuedUpload = transient(err)
        ? { ...item, attempts, nextAt: Date.now() + Math.min(MAX_DELAY_MS, 1000 * 2 ** (attempts - 1)) * (0.8 + Math.random() * 0.4) }
        : { ...item, attempts, refused: err instanceof Error ? err.message : String(err) };
      await tx(db, 'readwrite', (s) => s.put(updated));
      this.items = this.items.map((i) => (i.id === item.id ? updated : i));
    }
    this.changed();
  }

  /** A refused file is dropped by the engineer (after reading why). */
  async discard(id: string): Promise<void> {
    await tx(await this.db!, 'readwrite', (s) => s.delete(id));
    this.items = this.items.filter((i) => i.id !== id);
    this.changed();
  }

  private changed(): void {
    for (const l of this.listeners) l();
  }
}
