import { createContext, useContext } from 'react';

/** What the canvas shows on top of the graph: problems, the simulated (or a ticket's) path, a diff, a search hit. */
export interface Decorations {
  problemsByNode: Map<string, string[]>;
  problemsByEdge: Map<string, string[]>;
  /** nodes the path passed through, and where it is now */
  visited: Set<string>;
  current: string | null;
  diff: Map<string, 'added' | 'removed' | 'changed'>;
  hit: string | null;
  /** which way the flow reads: ports on the left/right (LR) or top/bottom (TB) of the nodes */
  direction: LayoutDirection;
}

export type LayoutDirection = 'LR' | 'TB';

export const emptyDecorations: Decorations = {
  problemsByNode: new Map(),
  problemsByEdge: new Map(),
  visited: new Set(),
  current: null,
  diff: new Map(),
  hit: null,
  direction: 'TB',
};

export const DecorationsContext = createContext<Decorations>(emptyDecorations);

export const useDecorations = () => useContext(DecorationsContext);
