import pg from 'pg';
import type { DataSource } from 'typeorm';
import { TICKET_CHANGES_CHANNEL } from '../../activities/ticket-projection.activities';
import type { Logger } from '../../core/logger';

export interface TicketChange {
  ticketId: string;
  seq: number;
}

export interface TicketChangeSubscriber {
  onChange(change: TicketChange): void;
  /** the hub lost PostgreSQL: the subscriber ends its stream so the client reconnects and replays */
  onLost(): void;
}

/**
 * One LISTEN connection per API process, shared by all its live streams. The projection NOTIFYs on
 * commit (activities/ticket-projection.activities.ts), so every replica hears every change. The
 * connection exists only while someone listens; if it drops, every stream is ended and the
 * browsers reconnect with Last-Event-ID, which replays what they missed from ticket_events.
 */
export class TicketChangeHub {
  private readonly subscribers = new Set<TicketChangeSubscriber>();
  private client: pg.Client | null = null;
  private connecting: Promise<void> | null = null;

  constructor(
    private readonly ds: DataSource,
    private readonly log: Logger,
  ) {}

  /** Resolves once the LISTEN is in place: changes committed after that reach the subscriber. */
  async subscribe(s: TicketChangeSubscriber): Promise<() => void> {
    this.subscribers.add(s);
    try {
      await this.connect();
    } catch (err) {
      this.subscribers.delete(s);
      throw err;
    }
    return () => {
      this.subscribers.delete(s);
      if (this.subscribers.size === 0) this.disconnect();
    };
  }

  /** Ends every stream (the API is shutting down): an open stream would keep server.close() waiting. */
  endAll(): void {
    for (const s of [...this.subscribers]) s.onLost();
  }

  get listening(): number {
    return this.subscribers.size;
  }

  private connect(): Promise<void> {
    if (this.client) return Promise.resolve();
    this.connecting ??= (async () => {
      // The same connection settings as the data source's pool, on a connection of its own.
      const options = (this.ds.driver as unknown as { master: { options: pg.ClientConfig } }).master.options;
      const client = new pg.Client(options);
      client.on('notification', (msg) => {
        if (msg.channel !== TICKET_CHANGES_CHANNEL || !msg.payload) return;
        let change: TicketChange;
        try {
          change = JSON.parse(msg.payload) as TicketChange;
        } catch {
          return;
        }
        for (const s of [...this.subscribers]) s.onChange(change);
      });
      client.on('error', (err) => this.lost(client, err));
      client.on('end', () => this.lost(client, new Error('connection ended')));
      await client.connect();
      await client.query(`LISTEN ${TICKET_CHANGES_CHANNEL}`);
      this.client = client;
    })().finally(() => {
      this.connecting = null;
    });
    return this.connecting;
  }

  private lost(client: pg.Client, err: Error): void {
    if (this.client !== client) return;
    this.client = null;
    this.log.warn('ticket change stream lost its PostgreSQL connection; live streams end and clients reconnect', {
      error: String(err),
    });
    client.removeAllListeners('end');
    void client.end().catch(() => {});
    for (const s of [...this.subscribers]) s.onLost();
  }

  private disconnect(): void {
    const client = this.client;
    this.client = null;
    if (!client) return;
    client.removeAllListeners('end');
    client.removeAllListeners('error');
    client.on('error', () => {});
    void client.end().catch(() => {});
  }
}

const hubs = new WeakMap<DataSource, TicketChangeHub>();

export function ticketChangeHub(ds: DataSource, log: Logger): TicketChangeHub {
  let hub = hubs.get(ds);
  if (!hub) {
    hub = new TicketChangeHub(ds, log);
    hubs.set(ds, hub);
  }
  return hub;
}
