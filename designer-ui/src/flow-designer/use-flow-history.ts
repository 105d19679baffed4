import { useCallback, useRef, useState } from 'react';
import type { FlowDoc } from './flow-graph';

const LIMIT = 200;

/**
 * The document with a real undo/redo stack. `commit` records the state before a change; `update`
 * changes without recording (drag frames, selection, sizes) — a drag records once, at its start,
 * through `checkpoint`.
 */
export function useFlowHistory(initial: FlowDoc) {
  const [doc, setDoc] = useState(initial);
  const docRef = useRef(doc);
  docRef.current = doc;
  const past = useRef<FlowDoc[]>([]);
  const future = useRef<FlowDoc[]>([]);
  const [, setTick] = useState(0);
  const bump = () => setTick((t) => t + 1);

  const apply = (next: FlowDoc) => {
    docRef.current = next;
    setDoc(next);
  };

  const checkpoint = useCallback(() => {
    past.current.push(docRef.current);
    if (past.current.length > LIMIT) past.current.shift();
    future.current = [];
    bump();
  }, []);

  const commit = useCallback(
    (change: (d: FlowDoc) => FlowDoc) => {
      const next = change(docRef.current);
      if (next === docRef.current) return;
      checkpoint();
      apply(next);
    },
    [checkpoint],
  );

  const update = useCallback((change: (d: FlowDoc) => FlowDoc) => {
    const next = change(docRef.current);
    if (next !== docRef.current) apply(next);
  }, []);

  const undo = useCallback(() => {
    const prev = past.current.pop();
    if (!prev) return;
    future.current.push(docRef.current);
    apply(prev);
    bump();
  }, []);

  const redo = useCallback(() => {
    const next = future.current.pop();
    if (!next) return;
    past.current.push(docRef.current);
    apply(next);
    bump();
  }, []);

  /** A new document (loaded, reloaded after a conflict): history starts over. */
  const reset = useCallback((next: FlowDoc) => {
    past.current = [];
    future.current = [];
    apply(next);
    bump();
  }, []);

  return {
    doc,
    docRef,
    commit,
    update,
    checkpoint,
    undo,
    redo,
    reset,
    canUndo: past.current.length > 0,
    canRedo: future.current.length > 0,
  };
}
