import {
  applyEdgeChanges,
  applyNodeChanges,
  Background,
  Controls,
  MarkerType,
  MiniMap,
  ReactFlow,
  ReactFlowProvider,
  useReactFlow,
  type Connection,
  type EdgeChange,
  type NodeChange,
  type OnConnectEnd,
} from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import { useCallback, useEffect, useMemo, useRef, useState, type DragEvent } from 'react';
import { checkConnection, checkReconnection, type ConnectionGraph } from '../../../domain/flow/flow-connection-rules';
import type { FlowDefinition, FlowEdge, FlowNodeType } from '../../../domain/flow/flow-definition';
import { validateFlow, type FlowProblem } from '../../../domain/flow/flow-validation';
import { flowVocabulary } from '../../../domain/flow/flow-vocabulary';
import { ApiError } from '../api/client';
import { useI18n } from '../i18n';
import { showFlash } from '../lib/flash';
import { formatDateTime } from '../lib/format';
import { problemMessage } from '../lib/problem-message';
import { flowApi, type FlowDiff } from './flow-api';
import { BacktestPanel } from './flow-backtest-panel';
import { DecorationsContext, emptyDecorations, type Decorations, type LayoutDirection } from './flow-decorations';
import './flow-designer.css';
import {
  definitionKey,
  newRfNode,
  NODE_TYPES,
  renameNode,
  toDefinition,
  toDoc,
  toRfEdge,
  uniqueId,
  withEdge,
  withNode,
  type FlowDoc,
  type FlowRfEdge,
  type FlowRfNode,
} from './flow-graph';
import {
  conditionFields,
  conditionFieldsFromNames,
  fetchConditionVariables,
  type ConditionField as BuilderField,
} from './condition-builder';
import { ConditionFieldsContext } from './flow-fields';
import { FlowInspector } from './flow-inspector';
import { autoLayout } from './flow-layout';
import { NODE_ICONS, nodeTypes } from './flow-node-view';
import { SimulatePanel } from './flow-simulate-panel';
import { useFlowText } from './flow-text';
import { VersionsPanel } from './flow-versions-panel';
import { useFlowHistory } from './use-flow-history';

export interface EditorSource {
  flowKey: string;
  /** what the canvas shows: the draft (editable) or a published version (read-only) */
  mode: 'draft' | 'version';
  definition: FlowDefinition;
  version: number;
  /** the draft's revision (If-Match of the next save); null in version mode */
  revision: number | null;
  updatedBy?: string | null;
  updatedAt?: string | null;
  /** published versions, newest first */
  versions: number[];
  hasDraft: boolean;
  /** a ticket's path to light up (opened from the ticket page) */
  ticket?: { ticketId: string; path: string[]; nodeId: string; version: number } | null;
}

interface Props {
  source: EditorSource;
  /** read everything again from the server (after a conflict, a publish, a new draft) */
  onReload: (opts?: { draft?: boolean }) => void;
}

type Tab = 'inspector' | 'problems' | 'simulate' | 'versions' | 'backtest';
type SaveState =
  | { kind: 'saved'; at: string | null }
  | { kind: 'dirty' }
  | { kind: 'saving' }
  | { kind: 'error'; message: string }
  | { kind: 'conflict'; savedBy: string | null; savedAt: string | null; currentRevision: number | null };

const CLIPBOARD_KEY = 'fixflow.flow-clipboard';
const DIRECTION_KEY = 'fixflow.flow-direction';
const AUTOSAVE_MS = 800;

export function FlowEditor(props: Props) {
  return (
    <ReactFlowProvider>
      <Editor {...props} />
    </ReactFlowProvider>
  );
}

function savedDirection(): LayoutDirection {
  try {
    return localStorage.getItem(DIRECTION_KEY) === 'LR' ? 'LR' : 'TB';
  } catch {
    return 'TB';
  }
}

/** The definition on the canvas; a flow no one has arranged yet (the bundled defaults) is laid out first. */
function placed(def: FlowDefinition, direction: LayoutDirection): FlowDoc {
  const doc = toDoc(def);
  return def.nodes.some((n) => n.position) ? doc : { ...doc, nodes: autoLayout(doc.nodes, doc.edges, direction) };
}

const isTyping = (el: EventTarget | null) =>
  el instanceof HTMLElement && (el.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(el.tagName));

function graphOf(doc: FlowDoc): ConnectionGraph {
  return { nodes: doc.nodes.map((n) => n.data.node), edges: doc.edges.map((e) => e.data!.edge) };
}

function Editor({ source, onReload }: Props) {
  const ft = useFlowText();
  const { t, lang } = useI18n();
  const rf = useReactFlow<FlowRfNode, FlowRfEdge>();
  const readOnly = source.mode !== 'draft';
  const history = useFlowHistory(useMemo(() => placed(source.definition, savedDirection()), [source]));
  const { doc, commit, update } = history;
  const kind = doc.meta.kind;
  const vocab = useMemo(() => flowVocabulary(kind), [kind]);
  const [tab, setTab] = useState<Tab>('inspector');
  const [typedFields, setTypedFields] = useState<BuilderField[]>([]);
  useEffect(() => {
    const ctrl = new AbortController();
    fetchConditionVariables(kind, ctrl.signal)
      .then((v) => setTypedFields(conditionFields(v, lang)))
      .catch(() => setTypedFields([])); // the field names alone still work
    return () => ctrl.abort();
  }, [kind, lang]);
  const paramsKey = JSON.stringify(doc.meta.params ?? {});
  const builderFields = useMemo<BuilderField[]>(() => {
    const params = Object.entries(JSON.parse(paramsKey) as Record<string, unknown>).map(([p, v]) => ({
      name: `params.${p}`,
      label: `params.${p}`,
      type: typeof v === 'number' ? ('number' as const) : typeof v === 'boolean' ? ('boolean' as const) : ('string' as const),
    }));
    const own = conditionFieldsFromNames(kind, vocab.knownFields, typedFields);
    const extra = typedFields.filter((f) => !own.some((o) => o.name === f.name) && !f.name.startsWith(`${kind}.`));
    return [...own, ...extra, ...params];
  }, [kind, vocab, typedFields, paramsKey]);
  const [toast, setToast] = useState<string | null>(null);
  const [search, setSearch] = useState('');
  const [hit, setHit] = useState<string | null>(null);
  const [showHelp, setShowHelp] = useState(false);
  const [direction, setDirection] = useState<LayoutDirection>(savedDirection);
  const turn = () => {
    const next = direction === 'LR' ? 'TB' : 'LR';
    setDirection(next);
    try {
      localStorage.setItem(DIRECTION_KEY, next);
    } catch {
      /* a preference only */
    }
    if (!readOnly) commit((d) => ({ ...d, nodes: autoLayout(d.nodes, d.edges, next) }));
    window.setTimeout(() => void rf.fitView({ padding: 0.15, duration: 200 }), 50);
  };
  const [publishing, setPublishing] = useState(false);
  const [publishMessage, setPublishMessage] = useState('');
  const [publishError, setPublishError] = useState<string | null>(null);
  const [sim, setSim] = useState<{ path: string[]; current: string | null; edges: string[] } | null>(null);
  const [diffView, setDiffView] = useState<{
    doc: FlowDoc;
    decorations: Map<string, 'added' | 'removed' | 'changed'>;
    edges: Map<string, 'added' | 'removed' | 'changed'>;
    title: string;
  } | null>(null);
  const [serverCheck, setServerCheck] = useState<{ ok: boolean; problems: FlowProblem[]; at: string } | null>(null);
  const wrapper = useRef<HTMLDivElement>(null);
  const searchBox = useRef<HTMLInputElement>(null);

  useEffect(() => {
    if (!toast) return;
    const id = window.setTimeout(() => setToast(null), 4000);
    return () => window.clearTimeout(id);
  }, [toast]);

  // ---- the full check, as you draw: the same validator the server runs -------------------------
  const definition = useMemo(() => toDefinition(doc), [doc]);
  const graphKey = useMemo(
    () => JSON.stringify({ ...definition, nodes: definition.nodes.map(({ position: _p, ...n }) => n) }),
    [definition],
  );
  const problems = useMemo<FlowProblem[]>(() => {
    const r = validateFlow(JSON.parse(graphKey), vocab);
    return r.ok ? [] : r.problems;
  }, [graphKey, vocab]);

  // ---- autosave --------------------------------------------------------------------------------
  const revision = useRef<number | null>(source.revision);
  // opening saves nothing, even when an unarranged flow was just laid out for the canvas
  const savedKey = useRef(definitionKey(history.doc));
  const [save, setSave] = useState<SaveState>({ kind: 'saved', at: source.updatedAt ?? null });
  const saving = useRef<Promise<boolean> | null>(null);
  const docKey = useMemo(() => definitionKey(doc), [doc]);

  const saveNow = useCallback(async (): Promise<boolean> => {
    if (readOnly) return true;
    if (saving.current) await saving.current;
    const key = definitionKey(history.docRef.current);
    if (key === savedKey.current) return true;
    const run = (async () => {
      setSave({ kind: 'saving' });
      try {
        const res = await flowApi.saveDraft(source.flowKey, JSON.parse(key), revision.current);
        revision.current = res.revision;
        savedKey.current = key;
        setServerCheck({ ok: res.problems.length === 0, problems: res.problems, at: new Date().toISOString() });
        setSave(definitionKey(history.docRef.current) === key ? { kind: 'saved', at: res.updatedAt } : { kind: 'dirty' });
        return true;
      } catch (err) {
        if (err instanceof ApiError && err.status === 412) {
          const p = err.problem as unknown as { savedBy?: string; savedAt?: string; currentRevision?: number | null };
          setSave({
            kind: 'conflict',
            savedBy: p?.savedBy ?? null,
            savedAt: p?.savedAt ?? null,
            currentRevision: p?.currentRevision ?? null,
          });
        } else setSave({ kind: 'error', message: problemMessage(err, t) });
        return false;
      }
    })();
    saving.current = run;
    try {
      return await run;
    } finally {
      saving.current = null;
    }
  }, [readOnly, source.flowKey]);

  useEffect(() => {
    if (readOnly || save.kind === 'conflict') return;
    if (docKey === savedKey.current) return;
    setSave((s) => (s.kind === 'saving' ? s : { kind: 'dirty' }));
    const id = window.setTimeout(() => void saveNow(), AUTOSAVE_MS);
    return () => window.clearTimeout(id);
  }, [docKey, readOnly, save.kind, saveNow]);

  // leaving the editor saves what the debounce has not yet; closing the tab with unsaved work asks first
  const dirty = save.kind === 'dirty' || save.kind === 'saving' || save.kind === 'error' || save.kind === 'conflict';
  useEffect(() => {
    if (readOnly || !dirty) return;
    const warn = (e: BeforeUnloadEvent) => e.preventDefault();
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [readOnly, dirty]);
  useEffect(
    () => () => {
      if (!readOnly && definitionKey(history.docRef.current) !== savedKey.current) void saveNow();
    },
    [],
  );

  const overwrite = () => {
    if (save.kind !== 'conflict') return;
    if (!confirm(ft('save.overwriteConfirm', { who: save.savedBy ?? '?' }))) return;
    revision.current = save.currentRevision;
    setSave({ kind: 'dirty' });
    void saveNow();
  };

  // ---- editing -------------------------------------------------------------------------------
  const onNodesChange = useCallback(
    (changes: NodeChange<FlowRfNode>[]) => {
      const kept = changes.filter((c) => c.type !== 'remove' && c.type !== 'add' && (!readOnly || c.type !== 'position'));
      if (kept.length) update((d) => ({ ...d, nodes: applyNodeChanges(kept, d.nodes) }));
    },
    [update, readOnly],
  );
  const onEdgesChange = useCallback(
    (changes: EdgeChange<FlowRfEdge>[]) => {
      const kept = changes.filter((c) => c.type === 'select');
      if (kept.length) update((d) => ({ ...d, edges: applyEdgeChanges(kept, d.edges) }));
    },
    [update],
  );

  const refuse = (reason: string) => setToast(`${ft('refusal.title')}: ${reason}`);

  const isValidConnection = useCallback(
    (c: Connection | FlowRfEdge) => {
      const verdict = checkConnection(graphOf(history.docRef.current), { from: c.source, to: c.target, port: c.sourceHandle });
      return verdict.ok;
    },
    [history.docRef],
  );

  const onConnect = useCallback(
    (c: Connection) => {
      const d = history.docRef.current;
      const verdict = checkConnection(graphOf(d), { from: c.source, to: c.target, port: c.sourceHandle });
      if (!verdict.ok) return refuse(ft(`refusal.${verdict.reason}`));
      const ids = new Set(d.edges.map((e) => e.id));
      const edge: FlowEdge = { id: uniqueId(`e_${c.source}_${c.target}`.slice(0, 60), ids), from: c.source, to: c.target, ...verdict.edge };
      const source = d.nodes.find((n) => n.id === c.source)?.data.node;
      commit((x) => ({
        ...x,
        edges: [...x.edges.map((e) => ({ ...e, selected: false })), { ...toRfEdge(edge, source), selected: true }],
        nodes: x.nodes.map((n) => (n.selected ? { ...n, selected: false } : n)),
      }));
      setTab('inspector');
    },
    [commit, history.docRef],
  );

  const onConnectEnd: OnConnectEnd = useCallback(
    (_e, state) => {
      // a drop onto a node that isValidConnection refused: say why
      if (state.isValid === false && state.fromNode && state.toNode) {
        const verdict = checkConnection(graphOf(history.docRef.current), {
          from: state.fromNode.id,
          to: state.toNode.id,
          port: state.fromHandle?.id,
        });
        if (!verdict.ok) refuse(ft(`refusal.${verdict.reason}`));
      }
    },
    [history.docRef],
  );

  const onReconnect = useCallback(
    (old: FlowRfEdge, c: Connection) => {
      const d = history.docRef.current;
      const verdict = checkReconnection(graphOf(d), old.id, { from: c.source, to: c.target, port: c.sourceHandle });
      if (!verdict.ok) return refuse(ft(`refusal.${verdict.reason}`));
      const prev = old.data!.edge;
      const portChanged = (c.sourceHandle ?? 'out') !== (old.sourceHandle ?? 'out') || c.source !== old.source;
      const edge: FlowEdge = {
        ...prev,
        from: c.source,
        to: c.target,
        ...(portChanged ? { on: verdict.edge.on, default: verdict.edge.default } : {}),
      };
      if (!edge.on) delete edge.on;
      if (!edge.default) delete edge.default;
      commit((x) => withEdge(x, edge));
    },
    [commit, history.docRef],
  );

  const addNode = useCallback(
    (type: FlowNodeType, position?: { x: number; y: number }) => {
      if (readOnly) return;
      const d = history.docRef.current;
      const ids = new Set(d.nodes.map((n) => n.id));
      const id = uniqueId(type, ids);
      let at = position;
      if (!at) {
        const box = wrapper.current?.getBoundingClientRect();
        const center = box ? { x: box.left + box.width / 2, y: box.top + box.height / 2 } : { x: 400, y: 300 };
        at = rf.screenToFlowPosition(center);
        // don't stack new nodes exactly on top of each other
        while (d.nodes.some((n) => Math.abs(n.position.x - at!.x) < 20 && Math.abs(n.position.y - at!.y) < 20))
          at = { x: at.x + 30, y: at.y + 30 };
      }
      const node = { ...newRfNode(type, id, d.meta.kind, at), selected: true };
      commit((x) => ({
        ...x,
        nodes: [...x.nodes.map((n) => ({ ...n, selected: false })), node],
        edges: x.edges.map((e) => ({ ...e, selected: false })),
      }));
      setTab('inspector');
    },
    [commit, readOnly, rf, history.docRef],
  );

  const onDrop = (e: DragEvent) => {
    const type = e.dataTransfer.getData('application/x-fixflow-node') as FlowNodeType;
    if (!type || !NODE_TYPES.includes(type)) return;
    e.preventDefault();
    const p = rf.screenToFlowPosition({ x: e.clientX, y: e.clientY });
    addNode(type, { x: p.x - 90, y: p.y - 30 });
  };

  const deleteSelection = useCallback(() => {
    if (readOnly) return;
    commit((d) => {
      const gone = new Set(d.nodes.filter((n) => n.selected).map((n) => n.id));
      const edges = d.edges.filter((e) => !e.selected && !gone.has(e.source) && !gone.has(e.target));
      if (!gone.size && edges.length === d.edges.length) return d;
      return { ...d, nodes: d.nodes.filter((n) => !gone.has(n.id)), edges };
    });
  }, [commit, readOnly]);

  const copy = useCallback(() => {
    const d = history.docRef.current;
    const nodes = d.nodes.filter((n) => n.selected);
    if (!nodes.length) return;
    const ids = new Set(nodes.map((n) => n.id));
    const edges = d.edges.filter((e) => ids.has(e.source) && ids.has(e.target));
    const payload = JSON.stringify({
      nodes: nodes.map((n) => ({ ...n.data.node, position: n.position })),
      edges: edges.map((e) => e.data!.edge),
    });
    try {
      localStorage.setItem(CLIPBOARD_KEY, payload);
    } catch {
      /* storage full or off: the copy is lost */
    }
    setToast(ft('clipboard.copied', { count: nodes.length }));
  }, [history.docRef]);

  const paste = useCallback(() => {
    if (readOnly) return;
    let clip: { nodes: (FlowRfNode['data']['node'] & { position: { x: number; y: number } })[]; edges: FlowEdge[] };
    try {
      clip = JSON.parse(localStorage.getItem(CLIPBOARD_KEY) ?? 'null');
    } catch {
      return;
    }
    if (!clip?.nodes?.length) return;
    commit((d) => {
      const nodeIds = new Set(d.nodes.map((n) => n.id));
      const edgeIds = new Set(d.edges.map((e) => e.id));
      const rename = new Map<string, string>();
      const nodes: FlowRfNode[] = clip.nodes.map(({ position, ...body }) => {
        const id = uniqueId(body.id, nodeIds);
        nodeIds.add(id);
        rename.set(body.id, id);
        return {
          id,
          type: body.type,
          position: { x: position.x + 40, y: position.y + 40 },
          data: { node: { ...body, id } },
          selected: true,
        };
      });
      const byId = new Map(nodes.map((n) => [n.id, n.data.node]));
      const edges: FlowRfEdge[] = clip.edges.map((e) => {
        const id = uniqueId(e.id, edgeIds);
        edgeIds.add(id);
        const edge = { ...e, id, from: rename.get(e.from)!, to: rename.get(e.to)! };
        return { ...toRfEdge(edge, byId.get(edge.from)), selected: false };
      });
      return {
        ...d,
        nodes: [...d.nodes.map((n) => ({ ...n, selected: false })), ...nodes],
        edges: [...d.edges.map((e) => ({ ...e, selected: false })), ...edges],
      };
    });
  }, [commit, readOnly]);

  const layout = useCallback(() => {
    if (readOnly) return;
    commit((d) => ({ ...d, nodes: autoLayout(d.nodes, d.edges, direction) }));
    window.setTimeout(() => void rf.fitView({ padding: 0.15, duration: 200 }), 50);
  }, [commit, readOnly, rf, direction]);

  const selectOnly = useCallback(
    (id: string, what: 'node' | 'edge') => {
      update((d) => ({
        ...d,
        nodes: d.nodes.map((n) => ({ ...n, selected: what === 'node' && n.id === id })),
        edges: d.edges.map((e) => ({ ...e, selected: what === 'edge' && e.id === id })),
      }));
      setTab('inspector');
      if (what === 'node') {
        const n = history.docRef.current.nodes.find((x) => x.id === id);
        if (n)
          void rf.setCenter(n.position.x + (n.measured?.width ?? 180) / 2, n.position.y + (n.measured?.height ?? 60) / 2, {
            zoom: Math.max(rf.getZoom(), 1),
            duration: 250,
          });
      }
    },
    [update, rf, history.docRef],
  );

  const matches = useMemo(() => {
    const q = search.trim().toLowerCase();
    if (!q) return [];
    return doc.nodes.filter((n) => n.id.toLowerCase().includes(q) || (n.data.node.label ?? '').toLowerCase().includes(q)).map((n) => n.id);
  }, [search, doc.nodes]);

  const findNext = () => {
    if (!matches.length) return setHit(null);
    const next = matches[(matches.indexOf(hit ?? '') + 1) % matches.length]!;
    setHit(next);
    selectOnly(next, 'node');
  };

  // ---- keyboard ------------------------------------------------------------------------------
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const mod = e.ctrlKey || e.metaKey;
      const key = e.key.toLowerCase();
      if (mod && key === 's') {
        e.preventDefault();
        void saveNow();
        return;
      }
      if (mod && key === 'f') {
        e.preventDefault();
        searchBox.current?.focus();
        return;
      }
      if (isTyping(e.target)) return;
      if (mod && key === 'z' && !e.shiftKey) {
        e.preventDefault();
        if (!readOnly) history.undo();
      } else if (mod && ((key === 'z' && e.shiftKey) || key === 'y')) {
        e.preventDefault();
        if (!readOnly) history.redo();
      } else if (mod && key === 'c') copy();
      else if (mod && key === 'v') {
        e.preventDefault();
        paste();
      } else if (mod && key === 'a') {
        e.preventDefault();
        update((d) => ({
          ...d,
          nodes: d.nodes.map((n) => ({ ...n, selected: true })),
          edges: d.edges.map((x) => ({ ...x, selected: true })),
        }));
      } else if (key === 'delete' || key === 'backspace') {
        e.preventDefault();
        deleteSelection();
      } else if (key === 'escape') {
        update((d) => ({
          ...d,
          nodes: d.nodes.map((n) => (n.selected ? { ...n, selected: false } : n)),
          edges: d.edges.map((x) => (x.selected ? { ...x, selected: false } : x)),
        }));
        setDiffView(null);
      } else if (e.shiftKey && key === 'l') layout();
      else if (e.shiftKey && e.code === 'Digit1') void rf.fitView({ padding: 0.15, duration: 200 });
      else if (e.shiftKey && e.code === 'Digit0') void rf.zoomTo(1);
      else if (key === '?') setShowHelp((v) => !v);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [copy, paste, deleteSelection, layout, readOnly, history, update, rf, saveNow]);

  // ---- publish -------------------------------------------------------------------------------
  const publish = async () => {
    setPublishError(null);
    if (!publishMessage.trim()) return setPublishError(ft('publish.needsMessage'));
    if (!(await saveNow())) return setPublishError(ft('publish.saveFirst'));
    try {
      const v = await flowApi.publish(source.flowKey, publishMessage.trim(), revision.current);
      setPublishing(false);
      setPublishMessage('');
      showFlash('success', ft('publish.done', { version: v.version }), 8000);
      onReload();
    } catch (err) {
      const p = err instanceof ApiError ? (err.problem as unknown as { problems?: FlowProblem[] }) : null;
      if (p?.problems) setServerCheck({ ok: false, problems: p.problems, at: new Date().toISOString() });
      setPublishError(problemMessage(err, t));
    }
  };

  const checkOnServer = async () => {
    try {
      const r = await flowApi.validate(definition);
      setServerCheck({ ...r, at: new Date().toISOString() });
      setTab('problems');
    } catch (err) {
      setToast(problemMessage(err, t));
    }
  };

  // ---- diff ----------------------------------------------------------------------------------
  const showDiff = async (diff: FlowDiff, from: number | 'draft', to: number | 'draft') => {
    try {
      const toDef = to === 'draft' ? definition : (await flowApi.version(source.flowKey, to)).definition;
      const base = placed(toDef, direction);
      const nodeMarks = new Map<string, 'added' | 'removed' | 'changed'>();
      const edgeMarks = new Map<string, 'added' | 'removed' | 'changed'>();
      for (const n of diff.nodes.added) nodeMarks.set(n.id, 'added');
      for (const c of diff.nodes.changed) if (!(c as { layoutOnly?: boolean }).layoutOnly) nodeMarks.set(c.id, 'changed');
      for (const e of diff.edges.added) edgeMarks.set(e.id, 'added');
      for (const c of diff.edges.changed) if (!(c as { layoutOnly?: boolean }).layoutOnly) edgeMarks.set(c.id, 'changed');
      const removedIds = new Set(diff.nodes.removed.map((n) => n.id));
      const removedDoc = placed(
        {
          ...toDef,
          nodes: diff.nodes.removed as never,
          edges: (diff.edges.removed as unknown as FlowEdge[]).filter((e) => removedIds.has(e.from) && removedIds.has(e.to)),
        },
        direction,
      );
      for (const n of removedDoc.nodes) nodeMarks.set(n.id, 'removed');
      // removed nodes keep their own arrangement, set beside the version shown so nothing overlaps
      if (removedDoc.nodes.length && base.nodes.length) {
        const right = Math.max(...base.nodes.map((n) => n.position.x + (n.measured?.width ?? 190)));
        const left = Math.min(...removedDoc.nodes.map((n) => n.position.x));
        const top = Math.min(...base.nodes.map((n) => n.position.y));
        const top2 = Math.min(...removedDoc.nodes.map((n) => n.position.y));
        for (const n of removedDoc.nodes) n.position = { x: n.position.x - left + right + 160, y: n.position.y - top2 + top };
      }
      const nodes = [...base.nodes, ...removedDoc.nodes];
      const present = new Set(nodes.map((n) => n.id));
      const removedEdges = (diff.edges.removed as unknown as FlowEdge[]).filter((e) => present.has(e.from) && present.has(e.to));
      for (const e of removedEdges) edgeMarks.set(e.id, 'removed');
      const byId = new Map(nodes.map((n) => [n.id, n.data.node]));
      const edges = [...base.edges, ...removedEdges.map((e) => toRfEdge(e, byId.get(e.from)))];
      const label = (s: number | 'draft') => (s === 'draft' ? ft('versions.draft') : `v${s}`);
      setDiffView({ doc: { ...base, nodes, edges }, decorations: nodeMarks, edges: edgeMarks, title: `${label(from)} → ${label(to)}` });
      // once the removed nodes are measured
      window.setTimeout(() => void rf.fitView({ padding: 0.1, duration: 200 }), 250);
    } catch (err) {
      setToast(problemMessage(err, t));
    }
  };

  // ---- what the canvas shows -----------------------------------------------------------------
  const shown = diffView?.doc ?? doc;
  const decorations = useMemo<Decorations>(() => {
    if (diffView) return { ...emptyDecorations, diff: diffView.decorations, hit, direction };
    const problemsByNode = new Map<string, string[]>();
    const problemsByEdge = new Map<string, string[]>();
    for (const p of problems) {
      // an edge's problem shows on the edge and on the node it leaves (problems carry both ids)
      if (p.edgeId) problemsByEdge.set(p.edgeId, [...(problemsByEdge.get(p.edgeId) ?? []), p.message]);
      if (p.nodeId) problemsByNode.set(p.nodeId, [...(problemsByNode.get(p.nodeId) ?? []), p.message]);
    }
    const path = sim?.path ?? source.ticket?.path ?? [];
    const current = sim ? sim.current : (source.ticket?.nodeId ?? null);
    return { problemsByNode, problemsByEdge, visited: new Set(path), current, diff: new Map(), hit, direction };
  }, [diffView, problems, sim, source.ticket, hit, direction]);

  const litEdges = useMemo(() => {
    if (sim) return new Set(sim.edges);
    const path = source.ticket?.path ?? [];
    const out = new Set<string>();
    for (let i = 0; i + 1 < path.length; i++) {
      const e = doc.edges.find((x) => x.source === path[i] && x.target === path[i + 1]);
      if (e) out.add(e.id);
    }
    return out;
  }, [sim, source.ticket, doc.edges]);

  const edges = useMemo(
    () =>
      shown.edges.map((e) => {
        const cls = [
          decorations.problemsByEdge.has(e.id) ? 'has-problem' : '',
          litEdges.has(e.id) && !diffView ? 'is-lit' : '',
          diffView?.edges.get(e.id) ? `diff-${diffView.edges.get(e.id)}` : '',
          e.data?.edge.default ? 'is-default' : '',
        ]
          .filter(Boolean)
          .join(' ');
        return { ...e, className: cls || undefined, animated: litEdges.has(e.id) && !diffView };
      }),
    [shown.edges, decorations, litEdges, diffView],
  );

  const problemOf = useCallback(
    (id: string, what: 'node' | 'edge') =>
      (what === 'node' ? decorations.problemsByNode.get(id) : decorations.problemsByEdge.get(id)) ?? [],
    [decorations],
  );

  const blocked = problems.length > 0 || (serverCheck !== null && !serverCheck.ok);
  const canvasReadOnly = readOnly || diffView !== null;

  return (
    <div className="fd-editor" data-mode={source.mode} data-save={save.kind} data-problems={problems.length}>
      <div className="fd-toolbar" role="toolbar" aria-label={ft('toolbar.label')}>
        <div className="fd-title">
          <strong>{doc.meta.name}</strong>
          <span className="mono muted">
            {source.flowKey} · {ft(`kind.${kind}`)} ·{' '}
            {source.mode === 'draft' ? ft('editor.draftOf', { version: source.version }) : `v${source.version}`}
          </span>
        </div>
        {!readOnly && (
          <>
            <button
              type="button"
              className="btn btn-sm"
              onClick={history.undo}
              disabled={!history.canUndo}
              title={`${ft('toolbar.undo')} (Ctrl+Z)`}
            >
              ↶ {ft('toolbar.undo')}
            </button>
            <button
              type="button"
              className="btn btn-sm"
              onClick={history.redo}
              disabled={!history.canRedo}
              title={`${ft('toolbar.redo')} (Ctrl+Shift+Z)`}
            >
              ↷ {ft('toolbar.redo')}
            </button>
            <button type="button" className="btn btn-sm" onClick={layout} title={`${ft('toolbar.layout')} (Shift+L)`}>
              {ft('toolbar.layout')}
            </button>
          </>
        )}
        <button type="button" className="btn btn-sm" onClick={turn} title={ft('toolbar.direction')} data-direction={direction}>
          {direction === 'LR' ? '→' : '↓'}
        </button>
        <div className="fd-search">
          <input
            ref={searchBox}
            className="fd-input fd-input-sm"
            type="search"
            placeholder={ft('toolbar.search')}
            aria-label={ft('toolbar.search')}
            value={search}
            onChange={(e) => setSearch(e.target.value)}
            onKeyDown={(e) => e.key === 'Enter' && findNext()}
          />
          {search && <span className="muted fd-small">{ft('toolbar.matches', { count: matches.length })}</span>}
        </div>
        <span className={`fd-save fd-save-${save.kind}`} aria-live="polite" data-testid="save-state">
          {readOnly
            ? ft('save.readOnly')
            : save.kind === 'saved'
              ? save.at
                ? ft('save.savedAt', { at: formatDateTime(save.at, lang) })
                : ft('save.saved')
              : save.kind === 'saving'
                ? ft('save.saving')
                : save.kind === 'dirty'
                  ? ft('save.dirty')
                  : save.kind === 'error'
                    ? ft('save.error')
                    : ft('save.conflictShort')}
        </span>
        {!readOnly && (
          <button
            type="button"
            className="btn btn-primary btn-sm"
            disabled={blocked}
            title={blocked ? ft('publish.blocked', { count: problems.length || serverCheck?.problems.length || 0 }) : undefined}
            onClick={() => setPublishing(true)}
            data-action="publish"
          >
            {ft('toolbar.publish')}
          </button>
        )}
        {readOnly && source.mode === 'version' && (
          <button type="button" className="btn btn-sm" onClick={() => void openDraftFrom(source, onReload, setToast, t, ft)}>
            {ft('editor.editThis')}
          </button>
        )}
        <button type="button" className="btn btn-ghost btn-sm" onClick={() => setShowHelp((v) => !v)} title="?">
          ⌨
        </button>
      </div>

      {save.kind === 'conflict' && (
        <div className="alert alert-error fd-banner" role="alert">
          {ft('save.conflict', { who: save.savedBy ?? '?', at: save.savedAt ? formatDateTime(save.savedAt, lang) : '?' })}
          <button type="button" className="btn btn-sm" onClick={() => onReload({ draft: true })}>
            {ft('save.reload')}
          </button>
          <button type="button" className="btn btn-ghost btn-sm" onClick={overwrite}>
            {ft('save.overwrite')}
          </button>
        </div>
      )}
      {save.kind === 'error' && (
        <div className="alert alert-error fd-banner" role="alert">
          {save.message}
          <button type="button" className="btn btn-sm" onClick={() => void saveNow()}>
            {t('common.retry')}
          </button>
        </div>
      )}
      {source.ticket && !diffView && (
        <div className="alert alert-info fd-banner">
          {ft('editor.ticketPath', { ticket: source.ticket.ticketId, version: source.ticket.version, node: source.ticket.nodeId })}
        </div>
      )}
      {diffView && (
        <div className="alert alert-info fd-banner">
          {ft('diff.showing', { title: diffView.title })}
          <button type="button" className="btn btn-sm" onClick={() => setDiffView(null)}>
            {ft('diff.close')}
          </button>
        </div>
      )}
      {publishing && (
        <div className="fd-publish card" role="dialog" aria-label={ft('toolbar.publish')}>
          <label className="fd-row">
            <span className="fd-row-label">{ft('publish.message')}</span>
            <textarea
              className="fd-input"
              name="publishMessage"
              rows={2}
              value={publishMessage}
              onChange={(e) => setPublishMessage(e.target.value)}
              autoFocus
            />
          </label>
          {publishError && <p className="fd-row-hint is-error">{publishError}</p>}
          <div className="fd-actions">
            <button type="button" className="btn btn-primary btn-sm" onClick={() => void publish()} data-action="publish-confirm">
              {ft('publish.confirm')}
            </button>
            <button type="button" className="btn btn-sm" onClick={() => setPublishing(false)}>
              {t('common.cancel')}
            </button>
          </div>
        </div>
      )}
      {showHelp && <ShortcutHelp onClose={() => setShowHelp(false)} />}

      <div className="fd-body">
        {!canvasReadOnly && (
          <aside className="fd-palette" aria-label={ft('palette.title')}>
            <div className="fd-palette-title">{ft('palette.title')}</div>
            {NODE_TYPES.map((type) => (
              <button
                key={type}
                type="button"
                className={`fd-palette-item fd-node-${type}`}
                draggable
                data-palette={type}
                onDragStart={(e) => {
                  e.dataTransfer.setData('application/x-fixflow-node', type);
                  e.dataTransfer.effectAllowed = 'move';
                }}
                onClick={() => addNode(type)}
                title={ft('palette.hint')}
              >
                <span aria-hidden="true">{NODE_ICONS[type]}</span> {ft(`type.${type}`)}
              </button>
            ))}
            <p className="muted fd-small">{ft('palette.hint')}</p>
          </aside>
        )}
        <div
          className="fd-canvas"
          ref={wrapper}
          onDragOver={(e) => (e.preventDefault(), (e.dataTransfer.dropEffect = 'move'))}
          onDrop={onDrop}
        >
          <DecorationsContext.Provider value={decorations}>
            <ReactFlow<FlowRfNode, FlowRfEdge>
              nodes={shown.nodes}
              edges={edges}
              nodeTypes={nodeTypes}
              onNodesChange={diffView ? undefined : onNodesChange}
              onEdgesChange={diffView ? undefined : onEdgesChange}
              onConnect={onConnect}
              onConnectEnd={onConnectEnd}
              onReconnect={onReconnect}
              isValidConnection={isValidConnection}
              onNodeClick={() => tab === 'problems' && setTab('inspector')}
              onEdgeClick={() => tab === 'problems' && setTab('inspector')}
              onNodeDragStart={() => history.checkpoint()}
              onSelectionDragStart={() => history.checkpoint()}
              nodesDraggable={!canvasReadOnly}
              nodesConnectable={!canvasReadOnly}
              edgesReconnectable={!canvasReadOnly}
              deleteKeyCode={null}
              selectionKeyCode="Shift"
              multiSelectionKeyCode={['Meta', 'Control']}
              snapToGrid
              snapGrid={[20, 20]}
              fitView
              fitViewOptions={{ padding: 0.15 }}
              minZoom={0.2}
              maxZoom={2}
              defaultEdgeOptions={{ markerEnd: { type: MarkerType.ArrowClosed, width: 18, height: 18 } }}
              proOptions={{ hideAttribution: true }}
            >
              <Background gap={20} />
              <MiniMap pannable zoomable nodeStrokeWidth={3} nodeColor={(n) => miniColor(n as FlowRfNode, decorations)} />
              <Controls />
            </ReactFlow>
          </DecorationsContext.Provider>
          {toast && (
            <div className="fd-toast" role="status">
              {toast}
            </div>
          )}
        </div>
        <ConditionFieldsContext.Provider value={builderFields}>
          <aside className="fd-side">
            <div className="fd-tabs" role="tablist">
              {(['inspector', 'problems', 'simulate', 'versions', 'backtest'] as const).map((k) => (
                <button
                  key={k}
                  type="button"
                  role="tab"
                  aria-selected={tab === k}
                  className={tab === k ? 'fd-tab is-active' : 'fd-tab'}
                  onClick={() => setTab(k)}
                  data-tab={k}
                >
                  {ft(`tab.${k}`)}
                  {k === 'problems' && problems.length > 0 && <span className="fd-tab-count">{problems.length}</span>}
                </button>
              ))}
            </div>
            <div className="fd-side-body">
              {tab === 'inspector' && (
                <FlowInspector
                  doc={doc}
                  vocab={vocab}
                  readOnly={readOnly}
                  onNode={(body) => commit((d) => withNode(d, body))}
                  onRename={(from, to) => {
                    if (from === to) return null;
                    if (!/^[a-z][a-z0-9_-]{0,63}$/.test(to)) return ft('inspector.badId');
                    if (history.docRef.current.nodes.some((n) => n.id === to)) return ft('inspector.takenId', { id: to });
                    commit((d) => renameNode(d, from, to));
                    return null;
                  }}
                  onEdge={(edge) => commit((d) => withEdge(d, edge))}
                  onMeta={(meta) => commit((d) => ({ ...d, meta }))}
                  onSelect={selectOnly}
                  onDelete={deleteSelection}
                  problemsOf={problemOf}
                />
              )}
              {tab === 'problems' && (
                <div className="fd-problems" data-panel="problems">
                  {problems.length === 0 ? (
                    <p className="fd-ok">{ft('problems.none')}</p>
                  ) : (
                    <>
                      <p className="fd-row-hint is-error">{ft('problems.blocking', { count: problems.length })}</p>
                      <ul className="fd-problem-list">
                        {problems.map((p, i) => (
                          <li key={i}>
                            <button
                              type="button"
                              className="btn-link"
                              onClick={() =>
                                p.edgeId ? selectOnly(p.edgeId, 'edge') : p.nodeId ? selectOnly(p.nodeId, 'node') : undefined
                              }
                            >
                              {p.edgeId ?? p.nodeId ?? p.path}
                            </button>{' '}
                            {p.message} <span className="mono muted fd-small">{p.path}</span>
                          </li>
                        ))}
                      </ul>
                    </>
                  )}
                  <div className="fd-actions">
                    <button type="button" className="btn btn-sm" onClick={() => void checkOnServer()}>
                      {ft('problems.serverCheck')}
                    </button>
                    {serverCheck && (
                      <span
                        className={serverCheck.ok ? 'fd-ok' : 'fd-row-hint is-error'}
                        data-server-check={serverCheck.ok ? 'ok' : 'failed'}
                      >
                        {serverCheck.ok ? ft('problems.serverOk') : ft('problems.serverFailed', { count: serverCheck.problems.length })}
                      </span>
                    )}
                  </div>
                </div>
              )}
              {tab === 'simulate' && (
                <SimulatePanel
                  definition={definition}
                  onPath={(path, current, lit) => setSim(path.length ? { path, current, edges: lit } : null)}
                />
              )}
              {tab === 'versions' && (
                <VersionsPanel
                  flowKey={source.flowKey}
                  hasDraft={source.hasDraft}
                  current={source.mode === 'version' ? source.version : null}
                  onDiff={(d, from, to) => void showDiff(d, from, to)}
                  onChanged={() => onReload()}
                  readOnly={false}
                />
              )}
              {tab === 'backtest' && <BacktestPanel flowKey={source.flowKey} versions={source.versions} hasDraft={source.hasDraft} />}
            </div>
          </aside>
        </ConditionFieldsContext.Provider>
      </div>
    </div>
  );
}

function miniColor(n: FlowRfNode, d: Decorations): string {
  const diff = d.diff.get(n.id);
  if (diff === 'added') return '#1a8a4d';
  if (diff === 'removed') return '#d1333f';
  if (diff === 'changed') return '#b86e00';
  if (d.problemsByNode.has(n.id)) return '#d1333f';
  if (d.current === n.id) return '#1d64d8';
  if (d.visited.has(n.id)) return '#7aa7ef';
  return '#cbd3de';
}

async function openDraftFrom(
  source: EditorSource,
  onReload: Props['onReload'],
  setToast: (s: string) => void,
  t: ReturnType<typeof useI18n>['t'],
  ft: ReturnType<typeof useFlowText>,
) {
  if (source.hasDraft && !confirm(ft('editor.replaceDraft'))) return;
  try {
    await flowApi.draftFrom(source.flowKey, source.version, source.hasDraft ? '*' : null);
    onReload({ draft: true });
  } catch (err) {
    setToast(problemMessage(err, t));
  }
}

function ShortcutHelp({ onClose }: { onClose: () => void }) {
  const ft = useFlowText();
  const rows: [string, Parameters<typeof ft>[0]][] = [
    ['Ctrl+Z', 'keys.undo'],
    ['Ctrl+Shift+Z / Ctrl+Y', 'keys.redo'],
    ['Ctrl+C / Ctrl+V', 'keys.copyPaste'],
    ['Delete / Backspace', 'keys.delete'],
    ['Ctrl+A', 'keys.selectAll'],
    ['Shift + drag / Ctrl + click', 'keys.multi'],
    ['Shift+L', 'keys.layout'],
    ['Shift+1', 'keys.fit'],
    ['Shift+0', 'keys.zoom100'],
    ['Ctrl+F', 'keys.search'],
    ['Ctrl+S', 'keys.save'],
    ['Esc', 'keys.escape'],
  ];
  return (
    <div className="fd-help card" role="dialog" aria-label={ft('keys.title')}>
      <strong>{ft('keys.title')}</strong>
      <table>
        <tbody>
          {rows.map(([k, v]) => (
            <tr key={k}>
              <td className="mono">{k}</td>
              <td>{ft(v)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <button type="button" className="btn btn-sm" onClick={onClose}>
        OK
      </button>
    </div>
  );
}
