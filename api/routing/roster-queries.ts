export interface RosterRow {
  id: string;
  agent_id: string;
  group_id: string | null;
  kind: string;
  starts_at: Date;
  ends_at: Date;
  note: string | null;
  created_by: string;
  created_at: Date;
}

export const ROSTER_COLUMNS = `id::text, agent_id, group_id, kind, starts_at, ends_at, note, created_by, created_at`;

export const rosterView = (r: RosterRow) => ({
  id: r.id,
  agentId: r.agent_id,
  groupId: r.group_id,
  kind: r.kind,
  startsAt: r.starts_at,
  endsAt: r.ends_at,
  note: r.note,
  createdBy: r.created_by,
  createdAt: r.created_at,
});
