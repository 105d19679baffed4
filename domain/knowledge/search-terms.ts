/**
 * Full-text terms that work for Chinese on a stock PostgreSQL.
 *
 * PostgreSQL's parsers do not segment Chinese (a whole run of Han characters is one "word"), and
 * zhparser / pg_jieba are not available everywhere Fixflow runs. So we segment ourselves: Chinese,
 * Japanese and Korean runs become overlapping character bigrams (开机失败 → 开机 机失 失败), other
 * text becomes lower-cased words, and model numbers keep their joined form too (ABC-123 → abc-123,
 * abc123, abc, 123). Documents and queries go through the same rules, and the terms reach
 * PostgreSQL as ready-made tsvector / tsquery literals, so no text search configuration is involved.
 * Bigrams find any two-character word inside longer text ("开机" in "设备无法开机") without a
 * dictionary, at the price of some noise that ranking pushes down.
 */

const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;
const WORD_CHAR = /[\p{L}\p{N}]/u;
/** joins the parts of model numbers, versions and codes: ABC-123, v2.1, RX_7, 220V/50Hz */
const CONNECTOR = /[-_./]/;
/** longer "words" are URLs, hashes or base64, not something people search for */
const MAX_WORD_LENGTH = 64;

export type Weight = 'A' | 'B' | 'C' | 'D';

export interface QueryTerm {
  term: string;
  /** matches any lexeme starting with the term (no stemming, so "leak" should find "leaking") */
  prefix: boolean;
}

interface Run {
  kind: 'cjk' | 'word';
  text: string;
}

/** Full-width forms become ASCII (ＡＢＣ－１２３ → abc-123), letters lower-case. */
export function normalizeSearchText(text: string): string {
  return text.normalize('NFKC').toLowerCase();
}

export function isCjk(char: string): boolean {
  return CJK.test(char);
}

export function isWordChar(char: string): boolean {
  return WORD_CHAR.test(char) && !CJK.test(char);
}

/** Splits normalized text into runs of CJK characters and runs of words (with inner connectors). */
function runs(text: string): Run[] {
  const chars = Array.from(normalizeSearchText(text));
  const out: Run[] = [];
  let current: Run | null = null;
  const flush = () => {
    if (current) out.push(current);
    current = null;
  };
  chars.forEach((c, i) => {
    if (isCjk(c)) {
      if (current?.kind !== 'cjk') flush();
      current ??= { kind: 'cjk', text: '' };
      current.text += c;
    } else if (isWordChar(c)) {
      if (current?.kind !== 'word') flush();
      current ??= { kind: 'word', text: '' };
      current.text += c;
    } else if (CONNECTOR.test(c) && current?.kind === 'word' && isWordChar(chars[i + 1] ?? '')) {
      current.text += c;
    } else {
      flush();
    }
  });
  flush();
  return out;
}

function bigrams(run: string): string[] {
  const chars = Array.from(run);
  if (chars.length < 2) return chars;
  return chars.slice(1).map((c, i) => chars[i]! + c);
}

/** A word and, for joined words, its squashed form and its parts: abc-123 → abc-123, abc123, abc, 123. */
function wordForms(word: string): string[] {
  const parts = word.split(CONNECTOR).filter(Boolean);
  if (parts.length < 2) return [word];
  return [word, parts.join(''), ...parts];
}

/**
 * The terms a document is indexed under, in text order (their positions). CJK runs give their
 * bigrams and, after them, their single characters, so that a one-character query still matches.
 */
export function indexTerms(text: string): string[] {
  const out: string[] = [];
  for (const run of runs(text)) {
    if (run.kind === 'cjk') {
      const chars = Array.from(run.text);
      if (chars.length > 1) out.push(...bigrams(run.text));
      out.push(...chars);
    } else if (run.text.length <= MAX_WORD_LENGTH) {
      out.push(...wordForms(run.text));
    }
  }
  return out;
}

/**
 * The terms of a search: bigrams of each CJK run, and each word in its joined and squashed forms
 * (a query "ABC-123" should not also match every document that merely says "123"). A lone CJK
 * character (的, 与) is dropped when the query has anything better, or it would match everything.
 */
export function queryTerms(text: string): QueryTerm[] {
  const terms: QueryTerm[] = [];
  const singles: QueryTerm[] = [];
  for (const run of runs(text)) {
    if (run.kind === 'cjk') {
      if (Array.from(run.text).length === 1) singles.push({ term: run.text, prefix: false });
      else terms.push(...bigrams(run.text).map((term) => ({ term, prefix: false })));
    } else if (run.text.length <= MAX_WORD_LENGTH) {
      const parts = run.text.split(CONNECTOR).filter(Boolean);
      const forms = parts.length > 1 ? [run.text, parts.join('')] : [run.text];
      terms.push(...forms.map((term) => ({ term, prefix: term.length >= 3 })));
    }
  }
  const chosen = terms.length ? terms : singles;
  const seen = new Set<string>();
  return chosen.filter((t) => !seen.has(t.term) && seen.add(t.term));
}

/** Quotes a lexeme for tsvector/tsquery input: inside quotes, ' and \ are doubled/escaped. */
function quote(term: string): string {
  return `'${term.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;
}

/** tsvector stores positions 1..16383 and at most 256 per lexeme. */
const MAX_POSITION = 16383;
const MAX_POSITIONS_PER_LEXEME = 256;

/**
 * A tsvector literal for weighted fields (title A, keywords B, body C …), positions running on
 * across the fields. Cast it with `$1::tsvector`.
 */
export function tsvectorLiteral(fields: { text: string; weight: Weight }[]): string {
  const lexemes = new Map<string, string[]>();
  let position = 0;
  for (const field of fields) {
    for (const term of indexTerms(field.text)) {
      position = Math.min(position + 1, MAX_POSITION);
      const positions = lexemes.get(term) ?? [];
      const entry = `${position}${field.weight}`;
      // Past the last position every term lands on it; one entry per lexeme is enough there.
      if (positions.length < MAX_POSITIONS_PER_LEXEME && !positions.some((p) => parseInt(p, 10) === position)) positions.push(entry);
      lexemes.set(term, positions);
    }
  }
  return [...lexemes].map(([term, positions]) => `${quote(term)}:${positions.join(',')}`).join(' ');
}

/** A tsquery literal matching any of the terms (ranking sorts out the best); null when nothing is searchable. */
export function tsqueryLiteral(terms: QueryTerm[]): string | null {
  if (!terms.length) return null;
  return terms.map((t) => `${quote(t.term)}${t.prefix ? ':*' : ''}`).join(' | ');
}

/** Model numbers and SKUs compare full-width-insensitively and case-insensitively. */
export function normalizeModel(model: string): string {
  return model.normalize('NFKC').trim().toUpperCase();
}
