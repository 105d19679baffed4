import type { DataSource, EntityManager } from 'typeorm';
import { OPEN_STATUSES } from '../../domain/ticket/ticket.schema';
import { isNewHire } from '../../domain/routing/agent-profile';
import {
  DEFAULT_CALENDAR,
  productLineOfSku,
  type AgentSkill,
  type AgentStatus,
  type RoutingAgent,
  type RoutingGroup,
  type RoutingStrategy,
  type RoutingTicket,
  type WorkCalendar,
} from '../../domain/routing/routing-model';
import { HttpProblem } from '../http/problem';

type Db = DataSource | EntityManager;

export interface AgentRow {
  id: string;
  name: string;
  groups: string[];
  skills: AgentSkill[];
  hired_on: string | null;
  new_hire: boolean | null;
  mentor_id: string | null;
  max_concurrent: number;
  status: AgentStatus;
  field_engineer: boolean;
  lat: string | null;
  lng: string | null;
  calendar: WorkCalendar;
  expected_minutes: Record<string, number>;
  version: number;
  created_by: string;
  created_at: Date;
  updated_by: string;
  updated_at: Date;
}

export const AGENT_COLUMNS = `a.id, a.name, a.groups, a.skills, to_char(a.hired_on, 'YYYY-MM-DD') AS hired_on, a.new_hire, a.mentor_id,
  a.max_concurrent, a.status, a.field_engineer, a.lat, a.lng, a.calendar, a.expected_minutes, a.version, a.created_by, a.created_at,
  a.updated_by, a.updated_at`;

/** Only what a routing decision reads: no calendar, location or parts (a subquery per agent). */
const ROUTING_COLUMNS = `a.id, a.name, a.groups, a.skills, to_char(a.hired_on, 'YYYY-MM-DD') AS hired_on, a.new_hire, a.mentor_id,
  a.max_concurrent, a.status, a.expected_minutes`;

export function agentView(r: AgentRow, now: Date, openTickets?: number) {
  return {
    id: r.id,
    name: r.name,
    groups: r.groups,
    skills: r.skills,
    hiredOn: r.hired_on,
    newHire: isNewHire(r.new_hire, r.hired_on, now),
    newHireSetBy: r.new_hire === null ? 'hire_date' : 'lead',
    mentorId: r.mentor_id,
    maxConcurrent: r.max_concurrent,
    status: r.status,
    fieldEngineer: r.field_engineer,
    location: r.lat === null || r.lng === null ? null : { lat: Number(r.lat), lng: Number(r.lng) },
    calendar: r.calendar ?? DEFAULT_CALENDAR,
    expectedMinutes: r.expected_minutes,
    ...(openTickets === undefined ? {} : { openTickets }),
    version: r.version,
    createdBy: r.created_by,
    createdAt: r.created_at,
    updatedBy: r.updated_by,
    updatedAt: r.updated_at,
  };
}

export async function loadAgent(db: Db, id: string): Promise<AgentRow> {
  const [row] = (await db.query(`SELECT ${AGENT_COLUMNS} FROM agents a WHERE a.id = $1`, [id])) as AgentRow[];
  if (!row) throw HttpProblem.notFound(`agent ${id} does not exist`);
  return row;
}

/** Tickets each agent holds that are not resolved or closed. */
export async function openTicketCounts(db: Db, agentIds: string[]): Promise<Map<string, number>> {
  if (!agentIds.length) return new Map();
  const rows = (await db.query(
    `SELECT assignee_id, count(*)::int AS n FROM tickets WHERE assignee_id = ANY($1) AND status = ANY($2) GROUP BY assignee_id`,
    [agentIds, [...OPEN_STATUSES]],
  )) as { assignee_id: string; n: number }[];
  return new Map(rows.map((r) => [r.assignee_id, r.n]));
}

export function toRoutingAgent(
  r: Pick<
    AgentRow,
    'id' | 'name' | 'groups' | 'skills' | 'new_hire' | 'hired_on' | 'mentor_id' | 'max_concurrent' | 'status' | 'expected_minutes'
  >,
  open: number,
  now: Date,
): RoutingAgent {
  return {
    id: r.id,
    name: r.name,
    groups: r.groups,
    skills: r.skills,
    newHire: isNewHire(r.new_hire, r.hired_on, now),
    mentorId: r.mentor_id,
    maxConcurrent: r.max_concurrent,
    status: r.status,
    openTickets: open,
    expectedMinutes: r.expected_minutes,
  };
}

export interface GroupRow {
  id: string;
  name: string;
  required_skills: RoutingGroup['requiredSkills'];
  strategy: RoutingStrategy;
  rr_cursor: string | null;
  auto_assign: boolean;
  version: number;
  created_by: string;
  created_at: Date;
  updated_by: string;
  updated_at: Date;
}

export const groupView = (r: GroupRow) => ({
  id: r.id,
  name: r.name,
  requiredSkills: r.required_skills,
  strategy: r.strategy,
  roundRobinCursor: r.rr_cursor,
  autoAssign: r.auto_assign,
  version: r.version,
  createdBy: r.created_by,
  createdAt: r.created_at,
  updatedBy: r.updated_by,
  updatedAt: r.updated_at,
});

export const toRoutingGroup = (r: GroupRow): RoutingGroup => ({
  id: r.id,
  name: r.name,
  requiredSkills: r.required_skills,
  strategy: r.strategy,
});

export async function loadGroup(db: Db, id: string, forUpdate = false): Promise<GroupRow> {
  const [row] = (await db.query(`SELECT * FROM routing_groups WHERE id = $1 ${forUpdate ? 'FOR UPDATE' : ''}`, [id])) as GroupRow[];
  if (!row) throw HttpProblem.notFound(`group ${id} does not exist`);
  return row;
}

/** Everything `decideRouting` needs about a group's people, as of `now`. */
export async function loadGroupMembers(db: Db, groupId: string, now: Date) {
  const members = (await db.query(`SELECT ${ROUTING_COLUMNS} FROM agents a WHERE $1 = ANY(a.groups) ORDER BY a.id`, [
    groupId,
  ])) as AgentRow[];
  const inGroup = new Set(members.map((m) => m.id));
  const mentorIds = [...new Set(members.map((m) => m.mentor_id).filter((id): id is string => !!id && !inGroup.has(id)))];
  const mentorRows = mentorIds.length
    ? ((await db.query(`SELECT ${ROUTING_COLUMNS} FROM agents a WHERE a.id = ANY($1)`, [mentorIds])) as AgentRow[])
    : [];
  const open = await openTicketCounts(
    db,
    [...members, ...mentorRows].map((a) => a.id),
  );
  const duty = (await db.query(
    `SELECT DISTINCT agent_id FROM roster_entries
      WHERE kind = 'on_duty' AND starts_at <= $1 AND ends_at > $1 AND (group_id IS NULL OR group_id = $2)`,
    [now, groupId],
  )) as { agent_id: string }[];
  return {
    agents: members.map((r) => toRoutingAgent(r, open.get(r.id) ?? 0, now)),
    mentors: mentorRows.map((r) => toRoutingAgent(r, open.get(r.id) ?? 0, now)),
    onDutyAgentIds: new Set(duty.map((d) => d.agent_id)),
  };
}

/**
 * A stored ticket as routing sees it: the customer's tier, the end of the customer's active
 * warranty or contract that ends soonest, and the renewal flag (tag `renewal`).
 */
export async function loadRoutingTicket(db: Db, ticketId: string) {
  const [row] = (await db.query(
    `SELECT t.ticket_id, t.status, t.priority, t.category1, t.sku, t.region, t.entitlement, t.assignee_id, t.group_id, t.tags,
            t.created_at, COALESCE(c.tier, 'standard') AS tier,
            (SELECT to_char(min(k.ends_on), 'YYYY-MM-DD') FROM contracts k
              WHERE k.customer_id = t.customer_id AND k.status = 'active' AND k.ends_on >= current_date) AS warranty_ends_on
       FROM tickets t LEFT JOIN customers c ON c.id = t.customer_id WHERE t.ticket_id = $1`,
    [ticketId],
  )) as {
    ticket_id: string;
    status: string;
    priority: RoutingTicket['priority'];
    category1: string | null;
    sku: string | null;
    region: string | null;
    entitlement: string | null;
    assignee_id: string | null;
    group_id: string | null;
    tags: string[];
    created_at: Date;
    tier: RoutingTicket['customerTier'];
    warranty_ends_on: string | null;
  }[];
  if (!row) throw HttpProblem.notFound(`ticket ${ticketId} does not exist`);
  const ticket: RoutingTicket = {
    ticketId: row.ticket_id,
    issueType: row.category1 ?? '*',
    productLine: productLineOfSku(row.sku),
    region: row.region ?? '*',
    priority: row.priority,
    customerTier: row.tier,
    entitlement: row.entitlement,
    warrantyEndsOn: row.warranty_ends_on,
    renewal: row.tags.includes('renewal'),
    createdAt: row.created_at.toISOString(),
  };
  return { ticket, status: row.status, assigneeId: row.assignee_id, groupId: row.group_id };
}

/** Agents by id as routing sees them (e.g. a booked person outside the queue, to say everything that stands in the way). */
export async function loadRoutingAgents(db: Db, ids: string[], now: Date): Promise<RoutingAgent[]> {
  if (!ids.length) return [];
  const rows = (await db.query(`SELECT ${ROUTING_COLUMNS} FROM agents a WHERE a.id = ANY($1) ORDER BY a.id`, [ids])) as AgentRow[];
  const open = await openTicketCounts(
    db,
    rows.map((r) => r.id),
  );
  return rows.map((r) => toRoutingAgent(r, open.get(r.id) ?? 0, now));
}

export async function loadAllGroups(db: Db): Promise<RoutingGroup[]> {
  return ((await db.query(`SELECT * FROM routing_groups ORDER BY id`)) as GroupRow[]).map(toRoutingGroup);
}
