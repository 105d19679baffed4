import { Fragment } from 'react';

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'" };

/**
 * A search snippet as the API sends it (HTML-escaped text, hits in <mark>…</mark>) split into plain
 * text runs. Nothing of it is ever parsed as HTML: any other markup stays visible text.
 */
export function highlightRuns(escaped: string): { text: string; hit: boolean }[] {
  const runs: { text: string; hit: boolean }[] = [];
  let hit = false;
  for (const piece of escaped.split(/(<\/?mark>)/)) {
    if (piece === '<mark>') hit = true;
    else if (piece === '</mark>') hit = false;
    else if (piece) runs.push({ text: piece.replace(/&(amp|lt|gt|quot|#39);/g, (_m, e: string) => ENTITIES[e]!), hit });
  }
  return runs;
}

export function Highlighted({ html, className }: { html: string; className?: string }) {
  return (
    <span className={className}>
      {highlightRuns(html).map((r, i) => (r.hit ? <mark key={i}>{r.text}</mark> : <Fragment key={i}>{r.text}</Fragment>))}
    </span>
  );
}
