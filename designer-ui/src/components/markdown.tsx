import { Fragment, type ReactNode } from 'react';

/**
 * Markdown for knowledge articles, rendered as React elements: headings, paragraphs, lists (nested
 * by indentation), block quotes, rules, fenced code, and inline bold, italic, code and links.
 * Raw HTML is never interpreted — a <script> in an article is shown as the text it is — and links
 * open only http(s), mailto and the console's own #/ pages.
 */

type Block =
  | { type: 'heading'; level: number; text: string }
  | { type: 'paragraph'; lines: string[] }
  | { type: 'list'; ordered: boolean; start: number; items: Block[][] }
  | { type: 'code'; text: string }
  | { type: 'quote'; blocks: Block[] }
  | { type: 'hr' };

const FENCE = /^\s{0,3}(`{3,}|~{3,})/;
const HEADING = /^\s{0,3}(#{1,6})\s+(.*?)(?:\s+#+)?\s*$/;
const RULE = /^\s{0,3}([-*_])(?:\s*\1){2,}\s*$/;
const QUOTE = /^\s{0,3}>\s?(.*)$/;
const BULLET = /^(\s{0,3})([-*+])\s+(.*)$/;
const NUMBERED = /^(\s{0,3})(\d{1,9})[.)]\s+(.*)$/;

const indentOf = (line: string) => /^\s*/.exec(line)![0].replace(/\t/g, '    ').length;
const isBlank = (line: string) => line.trim() === '';
const startsBlock = (line: string) =>
  FENCE.test(line) || HEADING.test(line) || RULE.test(line) || QUOTE.test(line) || BULLET.test(line) || NUMBERED.test(line);

export function parseMarkdown(source: string): Block[] {
  return parseLines(source.replace(/\r\n?/g, '\n').split('\n'));
}

function parseLines(lines: string[]): Block[] {
  const blocks: Block[] = [];
  let i = 0;
  while (i < lines.length) {
    const line = lines[i]!;
    if (isBlank(line)) {
      i++;
      continue;
    }
    const fence = FENCE.exec(line);
    if (fence) {
      const close = new RegExp(`^\\s{0,3}${fence[1]![0]}{${fence[1]!.length},}\\s*$`);
      const body: string[] = [];
      for (i++; i < lines.length && !close.test(lines[i]!); i++) body.push(lines[i]!);
      i++; // the closing fence (or the end of the text)
      blocks.push({ type: 'code', text: body.join('\n') });
      continue;
    }
    const heading = HEADING.exec(line);
    if (heading) {
      blocks.push({ type: 'heading', level: heading[1]!.length, text: heading[2]! });
      i++;
      continue;
    }
    if (RULE.test(line)) {
      blocks.push({ type: 'hr' });
      i++;
      continue;
    }
    if (QUOTE.test(line)) {
      const inner: string[] = [];
      for (; i < lines.length && QUOTE.test(lines[i]!); i++) inner.push(QUOTE.exec(lines[i]!)![1]!);
      blocks.push({ type: 'quote', blocks: parseLines(inner) });
      continue;
    }
    const item = BULLET.exec(line) ?? NUMBERED.exec(line);
    if (item) {
      const ordered = !BULLET.test(line);
      const marker = ordered ? NUMBERED : BULLET;
      const base = indentOf(line);
      const items: string[][] = [];
      while (i < lines.length) {
        const l = lines[i]!;
        const m = marker.exec(l);
        if (m && indentOf(l) === base) {
          items.push([m[3]!]);
          i++;
        } else if (!isBlank(l) && indentOf(l) > base && items.length) {
          // an indented line belongs to the item above: a nested list or a continued sentence
          items[items.length - 1]!.push(l.replace(/^\s+/, (s) => s.slice(Math.min(s.length, base + 2))));
          i++;
        } else if (isBlank(l) && i + 1 < lines.length && (marker.exec(lines[i + 1]!) || indentOf(lines[i + 1]!) > base)) {
          i++; // a blank line between items keeps the list going
        } else break;
      }
      blocks.push({ type: 'list', ordered, start: ordered ? Number(NUMBERED.exec(line)![2]) : 1, items: items.map(parseLines) });
      continue;
    }
    const para: string[] = [];
    for (; i < lines.length && !isBlank(lines[i]!) && (para.length === 0 || !startsBlock(lines[i]!)); i++) para.push(lines[i]!.trim());
    blocks.push({ type: 'paragraph', lines: para });
  }
  return blocks;
}

const SAFE_HREF = /^(?:https?:\/\/|mailto:|#\/)/i;
// code spans first, then links, bold, italics; `_x_` only between non-word characters (snake_case stays)
const INLINE =
  /(`+)([^`]|[^`][\s\S]*?[^`])\1(?!`)|(!?)\[([^\]\n]*)\]\(\s*([^)\s]+)(?:\s+"[^"\n]*")?\s*\)|\*\*(?=\S)([\s\S]*?\S)\*\*|__(?=\S)([\s\S]*?\S)__(?!\w)|\*(?=[^\s*])([^*]*?[^\s*])\*|(?<![\p{L}\p{N}_])_(?=[^\s_])([^_]*?[^\s_])_(?![\p{L}\p{N}_])/gu;

export function renderInline(text: string, keyPrefix = 'i'): ReactNode[] {
  const out: ReactNode[] = [];
  let last = 0;
  let n = 0;
  const key = () => `${keyPrefix}.${n++}`;
  for (const m of text.matchAll(INLINE)) {
    if (m.index > last) out.push(text.slice(last, m.index));
    last = m.index + m[0].length;
    const k = key();
    if (m[1] !== undefined) out.push(<code key={k}>{m[2]!.trim()}</code>);
    else if (m[4] !== undefined) {
      const href = m[5]!;
      const label = m[3] ? m[4] || href : m[4]!;
      if (SAFE_HREF.test(href)) {
        const external = !href.startsWith('#');
        out.push(
          <a key={k} href={href} {...(external ? { target: '_blank', rel: 'noopener noreferrer' } : {})}>
            {renderInline(label, k)}
            {m[3] ? ' ↗' : null}
          </a>,
        );
      } else out.push(<Fragment key={k}>{renderInline(label, k)}</Fragment>);
    } else if (m[6] !== undefined || m[7] !== undefined) out.push(<strong key={k}>{renderInline(m[6] ?? m[7]!, k)}</strong>);
    else out.push(<em key={k}>{renderInline(m[8] ?? m[9]!, k)}</em>);
  }
  if (last < text.length) out.push(text.slice(last));
  return out;
}

function renderBlocks(blocks: Block[], keyPrefix: string, tight = false): ReactNode[] {
  return blocks.map((b, i) => {
    const k = `${keyPrefix}.${i}`;
    switch (b.type) {
      case 'heading': {
        // an article's own headings sit below the page title (h1) and the console's h2 panels
        const Tag = `h${Math.min(6, b.level + 2)}` as 'h3' | 'h4' | 'h5' | 'h6';
        return (
          <Tag key={k} className={`md-h md-h${b.level}`}>
            {renderInline(b.text, k)}
          </Tag>
        );
      }
      case 'paragraph': {
        const content = b.lines.flatMap((line, j) => [...(j ? [<br key={`${k}.br${j}`} />] : []), ...renderInline(line, `${k}.${j}`)]);
        return tight ? <Fragment key={k}>{content}</Fragment> : <p key={k}>{content}</p>;
      }
      case 'list': {
        const items = b.items.map((item, j) => {
          // an item of one paragraph (perhaps with a nested list) renders without <p>, like most renderers
          const tightItem = item.filter((x) => x.type === 'paragraph').length <= 1;
          return <li key={`${k}.${j}`}>{renderBlocks(item, `${k}.${j}`, tightItem)}</li>;
        });
        return b.ordered ? (
          <ol key={k} start={b.start === 1 ? undefined : b.start}>
            {items}
          </ol>
        ) : (
          <ul key={k}>{items}</ul>
        );
      }
      case 'code':
        return (
          <pre key={k} className="md-code">
            <code>{b.text}</code>
          </pre>
        );
      case 'quote':
        return <blockquote key={k}>{renderBlocks(b.blocks, k)}</blockquote>;
      case 'hr':
        return <hr key={k} />;
    }
  });
}

export function Markdown({ source, className }: { source: string; className?: string }) {
  return <div className={`markdown${className ? ` ${className}` : ''}`}>{renderBlocks(parseMarkdown(source), 'b')}</div>;
}
