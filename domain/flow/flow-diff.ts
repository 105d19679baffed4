/**
 * What changed between two versions of a flow, for the designer's visual diff: nodes and edges
 * added, removed or changed (by id, with the top-level fields that differ), params changed, and the
 * flow's own fields. Pure; works on drafts too, which may not be valid yet (items without an id
 * are left out). Stored definitions come back from jsonb with their keys reordered, so values are
 * compared in a canonical form, not as written.
 */

type Item = { id: string } & Record<string, unknown>;

export interface ItemChange<T> {
  id: string;
  before: T;
  after: T;
  /** the item's top-level fields that differ, sorted */
  fields: string[];
  /** only `position` moved: the graph means the same */
  layoutOnly: boolean;
}

export interface ItemDiff<T> {
  added: T[];
  removed: T[];
  changed: ItemChange<T>[];
}

export interface ValueChange {
  name: string;
  /** null when absent */
  before: unknown;
  after: unknown;
}

export interface FlowDiff {
  nodes: ItemDiff<Item>;
  edges: ItemDiff<Item>;
  /** params added (before null), removed (after null) or changed */
  params: { changed: ValueChange[] };
  /** the flow's own fields: name, description, kind, globalActions */
  flow: { changed: ValueChange[] };
  /** true when nothing differs but layout */
  same: boolean;
}

/** JSON with object keys sorted, so equal values compare equal whatever order their keys came in. */
export function canonicalJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
  if (v && typeof v === 'object') {
    const entries = Object.entries(v as Record<string, unknown>)
      .filter(([, x]) => x !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, x]) => `${JSON.stringify(k)}:${canonicalJson(x)}`).join(',')}}`;
  }
  return JSON.stringify(v ?? null);
}

function itemsOf(def: unknown, list: 'nodes' | 'edges'): Item[] {
  const raw = (def as Record<string, unknown> | null)?.[list];
  if (!Array.isArray(raw)) return [];
  return raw.filter((x): x is Item => !!x && typeof x === 'object' && typeof (x as { id?: unknown }).id === 'string');
}

function diffItems(before: Item[], after: Item[]): ItemDiff<Item> {
  const old = new Map(before.map((x) => [x.id, x]));
  const now = new Map(after.map((x) => [x.id, x]));
  const changed: ItemChange<Item>[] = [];
  for (const [id, a] of now) {
    const b = old.get(id);
    if (!b) continue;
    const fields = [...new Set([...Object.keys(b), ...Object.keys(a)])].filter((k) => canonicalJson(b[k]) !== canonicalJson(a[k])).sort();
    if (fields.length) changed.push({ id, before: b, after: a, fields, layoutOnly: fields.length === 1 && fields[0] === 'position' });
  }
  return {
    added: after.filter((x) => !old.has(x.id)),
    removed: before.filter((x) => !now.has(x.id)),
    changed,
  };
}

function diffValues(before: Record<string, unknown>, after: Record<string, unknown>, names?: string[]): ValueChange[] {
  const keys = names ?? [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
  return keys
    .filter((k) => canonicalJson(before[k]) !== canonicalJson(after[k]))
    .map((name) => ({ name, before: before[name] ?? null, after: after[name] ?? null }));
}

const FLOW_FIELDS = ['name', 'description', 'kind', 'globalActions'];

export function diffFlows(before: unknown, after: unknown): FlowDiff {
  const obj = (v: unknown) => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {});
  const nodes = diffItems(itemsOf(before, 'nodes'), itemsOf(after, 'nodes'));
  const edges = diffItems(itemsOf(before, 'edges'), itemsOf(after, 'edges'));
  const params = { changed: diffValues(obj(obj(before).params), obj(obj(after).params)) };
  const flow = { changed: diffValues(obj(before), obj(after), FLOW_FIELDS) };
  const meaningful = (d: ItemDiff<Item>) => d.added.length + d.removed.length + d.changed.filter((c) => !c.layoutOnly).length;
  return {
    nodes,
    edges,
    params,
    flow,
    same: meaningful(nodes) + meaningful(edges) + params.changed.length + flow.changed.length === 0,
  };
}
