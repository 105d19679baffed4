import { isCjk, isWordChar, queryTerms } from './search-terms';

/**
 * Highlighted snippets for search results. PostgreSQL's ts_headline runs its own parser over the
 * text, which does not see our bigrams, so the snippet is cut here with the same terms the query
 * used. Output is HTML-escaped text with the hits in <mark>…</mark>.
 */

/** Markdown down to the words a reader sees, on one line. */
export function markdownToPlain(markdown: string): string {
  return markdown
    .replace(/```[^\n]*\n?/g, ' ')
    .replace(/!\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/<[^>]+>/g, ' ')
    .replace(/^\s{0,3}#{1,6}\s+/gm, '')
    .replace(/^\s{0,3}>\s?/gm, '')
    .replace(/^\s*(?:[-*+]|\d+[.)])\s+/gm, '')
    .replace(/[*_~`|]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => ESCAPES[c]!);

/** Which characters of `chars` a query term covers. */
function coverage(chars: string[], query: string): boolean[] {
  // Normalize per character and remember where each normalized unit came from, so hits map back
  // to the original text even when normalization changes lengths (㎏ → kg).
  let norm = '';
  const origin: number[] = [];
  chars.forEach((c, i) => {
    const n = c.normalize('NFKC').toLowerCase();
    norm += n;
    for (let k = 0; k < n.length; k++) origin.push(i);
  });
  const covered = chars.map(() => false);
  for (const { term, prefix } of queryTerms(query)) {
    const cjk = isCjk(Array.from(term)[0] ?? '');
    for (let at = norm.indexOf(term); at >= 0; at = norm.indexOf(term, at + 1)) {
      const end = at + term.length;
      // A word must match whole (or as a prefix), not inside a longer word.
      if (!cjk) {
        const before = at > 0 ? chars[origin[at - 1]!]! : '';
        const after = end < norm.length ? chars[origin[end]!]! : '';
        if (isWordChar(before) || (!prefix && isWordChar(after))) continue;
      }
      for (let k = at; k < end; k++) covered[origin[k]!] = true;
    }
  }
  return covered;
}

/**
 * The text (markdown allowed) with the query's hits marked; when longer than `maxChars`, the window
 * of that size with the most hits, with … where it was cut.
 */
export function highlight(text: string, query: string, maxChars = 160): string {
  const chars = Array.from(markdownToPlain(text));
  const covered = coverage(chars, query);
  let start = 0;
  let end = chars.length;
  if (chars.length > maxChars) {
    let best = 0;
    let sum = covered.slice(0, maxChars).filter(Boolean).length;
    let bestSum = sum;
    for (let s = 1; s + maxChars <= chars.length; s++) {
      sum += (covered[s + maxChars - 1] ? 1 : 0) - (covered[s - 1] ? 1 : 0);
      if (sum > bestSum) [best, bestSum] = [s, sum];
    }
    // Start a little before the first hit, so the reader sees what leads up to it.
    const firstHit = covered.indexOf(true, best);
    start = bestSum > 0 && firstHit >= 0 ? Math.max(0, Math.min(firstHit - 20, chars.length - maxChars)) : 0;
    end = start + maxChars;
  }
  let out = start > 0 ? '…' : '';
  for (let i = start; i < end; i++) {
    if (covered[i] && (i === start || !covered[i - 1])) out += '<mark>';
    out += escapeHtml(chars[i]!);
    if (covered[i] && (!covered[i + 1] || i + 1 === end)) out += '</mark>';
  }
  if (end < chars.length) out += '…';
  return out;
}
