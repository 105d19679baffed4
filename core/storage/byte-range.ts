import type { ByteRange } from './blob-store';

/**
 * The one range of an HTTP `Range` header against a blob of `size` bytes (RFC 9110 §14.1.2):
 * `'full'` when the whole blob should be sent (no header, a unit other than bytes, several
 * ranges, or a header we do not understand), `'unsatisfiable'` for a 416.
 */
export function parseRange(header: string | undefined, size: number): ByteRange | 'full' | 'unsatisfiable' {
  if (!header) return 'full';
  const m = /^bytes=\s*(\d*)\s*-\s*(\d*)\s*$/i.exec(header.trim());
  if (!m) return 'full';
  const [, from, to] = m;
  if (from === '' && to === '') return 'full';
  if (from === '') {
    // the last N bytes
    const n = Number(to);
    if (n === 0 || size === 0) return 'unsatisfiable';
    return { start: Math.max(0, size - n), end: size - 1 };
  }
  const start = Number(from);
  const end = to === '' ? size - 1 : Math.min(Number(to), size - 1);
  if (start >= size) return 'unsatisfiable';
  if (end < start) return 'full';
  return { start, end };
}
