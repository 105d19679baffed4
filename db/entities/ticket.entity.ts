import { EntitySchema } from 'typeorm';

/**
 * The read model of a ticket. Written only by the ticket workflow's activities; `lastSeq` is the
 * sequence number of the last event applied, so a late or retried write never rolls it back.
 */
export interface TicketRow {
  ticketId: string;
  workflowId: string;
  status: string;
  priority: string;
  channel: string;
  customerId: string;
  orderId: string | null;
  sku: string | null;
  category1: string | null;
  category2: string | null;
  category3: string | null;
  region: string | null;
  entitlement: string | null;
  assigneeId: string | null;
  groupId: string | null;
  /** the service provider the ticket is assigned to (服务商/代理商) */
  providerId: string | null;
  description: string;
  tags: string[];
  frtDueAt: Date | null;
  ttrDueAt: Date | null;
  slaBreached: boolean;
  createdBy: string;
  createdAt: Date;
  updatedAt: Date;
  resolvedAt: Date | null;
  closedAt: Date | null;
  lastSeq: number;
  /** the full ticket snapshot as the workflow last published it */
  data: Record<string, unknown>;
}

export const TicketEntity = new EntitySchema<TicketRow>({
  name: 'Ticket',
  tableName: 'tickets',
  columns: {
    ticketId: { name: 'ticket_id', type: 'text', primary: true },
    workflowId: { name: 'workflow_id', type: 'text' },
    status: { type: 'text' },
    priority: { type: 'text' },
    channel: { type: 'text' },
    customerId: { name: 'customer_id', type: 'text' },
    orderId: { name: 'order_id', type: 'text', nullable: true },
    sku: { type: 'text', nullable: true },
    category1: { type: 'text', nullable: true },
    category2: { type: 'text', nullable: true },
    category3: { type: 'text', nullable: true },
    region: { type: 'text', nullable: true },
    entitlement: { type: 'text', nullable: true },
    assigneeId: { name: 'assignee_id', type: 'text', nullable: true },
    groupId: { name: 'group_id', type: 'text', nullable: true },
    providerId: { name: 'provider_id', type: 'text', nullable: true },
    description: { type: 'text' },
    tags: { type: 'text', array: true, default: () => "'{}'" },
    frtDueAt: { name: 'frt_due_at', type: 'timestamptz', nullable: true },
    ttrDueAt: { name: 'ttr_due_at', type: 'timestamptz', nullable: true },
    slaBreached: { name: 'sla_breached', type: 'boolean', default: false },
    createdBy: { name: 'created_by', type: 'text' },
    createdAt: { name: 'created_at', type: 'timestamptz' },
    updatedAt: { name: 'updated_at', type: 'timestamptz' },
    resolvedAt: { name: 'resolved_at', type: 'timestamptz', nullable: true },
    closedAt: { name: 'closed_at', type: 'timestamptz', nullable: true },
    lastSeq: { name: 'last_seq', type: 'int' },
    data: { type: 'jsonb' },
  },
});
