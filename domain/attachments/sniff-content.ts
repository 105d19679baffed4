/**
 * What a file is, by its first bytes (magic numbers), whatever name or Content-Type the client
 * gave it. Pure: works on the head of the upload, no I/O.
 */

/** Bytes of the head an upload holds back until its type is known; enough for every signature below. */
export const SNIFF_BYTES = 4096;

export interface SniffResult {
  /** the MIME type the content is, or null when it is none we recognise */
  mime: string | null;
  /** what it is, for the error message ("a Windows executable", "SVG") */
  label: string;
  /** content that can carry code when served back: never stored, whatever the kind allows */
  dangerous: boolean;
}

const ascii = (b: Uint8Array, at: number, len: number): string => String.fromCharCode(...b.subarray(at, at + len));
const startsWith = (b: Uint8Array, sig: readonly number[], at = 0): boolean => sig.every((x, i) => b[at + i] === x);

const HEIF_BRANDS = new Set(['heic', 'heix', 'hevc', 'hevx', 'heim', 'heis']);
const HEIF_GENERIC_BRANDS = new Set(['mif1', 'msf1']);
const MP4_BRANDS = new Set([
  'isom',
  'iso2',
  'iso3',
  'iso4',
  'iso5',
  'iso6',
  'mp41',
  'mp42',
  'avc1',
  'dash',
  'M4V ',
  'M4VP',
  'MSNV',
  '3gp4',
  '3gp5',
  '3gp6',
  '3g2a',
  'mmp4',
  'f4v ',
]);
const M4A_BRANDS = new Set(['M4A ', 'M4B ']);

function sniffIsoBmff(b: Uint8Array): SniffResult | null {
  if (b.length < 12 || ascii(b, 4, 4) !== 'ftyp') return null;
  const major = ascii(b, 8, 4);
  const size = Math.min(((b[0]! << 24) | (b[1]! << 16) | (b[2]! << 8) | b[3]!) >>> 0, b.length);
  const compatible: string[] = [];
  for (let at = 16; at + 4 <= size; at += 4) compatible.push(ascii(b, at, 4));
  const brands = [major, ...compatible];
  if (brands.some((x) => HEIF_BRANDS.has(x))) return { mime: 'image/heic', label: 'HEIC image', dangerous: false };
  if (brands.includes('avif') || brands.includes('avis')) return { mime: 'image/avif', label: 'AVIF image', dangerous: false };
  if (major === 'qt  ') return { mime: 'video/quicktime', label: 'QuickTime video', dangerous: false };
  if (M4A_BRANDS.has(major)) return { mime: 'audio/mp4', label: 'MPEG-4 audio', dangerous: false };
  if (brands.some((x) => HEIF_GENERIC_BRANDS.has(x))) return { mime: 'image/heif', label: 'HEIF image', dangerous: false };
  if (brands.some((x) => MP4_BRANDS.has(x))) return { mime: 'video/mp4', label: 'MP4 video', dangerous: false };
  return { mime: null, label: `an ISO media file of brand '${major.trim()}'`, dangerous: false };
}

/** Text that a browser could render as a document: HTML, SVG, XML. Skips a BOM and leading blanks. */
function looksLikeMarkup(b: Uint8Array): string | null {
  let at = startsWith(b, [0xef, 0xbb, 0xbf]) ? 3 : 0;
  while (at < b.length && [0x09, 0x0a, 0x0d, 0x20].includes(b[at]!)) at++;
  if (b[at] !== 0x3c /* < */) return null;
  const head = ascii(b, at, 1024).toLowerCase();
  if (head.includes('<svg')) return 'SVG';
  if (/^<(!doctype html|html|head|body|script|iframe)/.test(head)) return 'HTML';
  return head.startsWith('<?xml') ? 'XML' : 'markup';
}

export function sniffContent(b: Uint8Array): SniffResult {
  const found = (mime: string, label: string): SniffResult => ({ mime, label, dangerous: false });
  const refused = (label: string): SniffResult => ({ mime: null, label, dangerous: true });
  if (startsWith(b, [0xff, 0xd8, 0xff])) return found('image/jpeg', 'JPEG image');
  if (startsWith(b, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return found('image/png', 'PNG image');
  if (ascii(b, 0, 6) === 'GIF87a' || ascii(b, 0, 6) === 'GIF89a') return found('image/gif', 'GIF image');
  if (ascii(b, 0, 4) === 'RIFF' && ascii(b, 8, 4) === 'WEBP') return found('image/webp', 'WebP image');
  if (ascii(b, 0, 4) === 'RIFF' && ascii(b, 8, 4) === 'WAVE') return found('audio/wav', 'WAV audio');
  if (ascii(b, 0, 5) === '%PDF-') return found('application/pdf', 'PDF document');
  if (ascii(b, 0, 4) === 'OggS') return found('audio/ogg', 'Ogg audio');
  if (ascii(b, 0, 6) === '#!AMR\n') return found('audio/amr', 'AMR audio');
  if (ascii(b, 0, 3) === 'ID3' || (b[0] === 0xff && b.length > 1 && (b[1]! & 0xe0) === 0xe0 && (b[1]! & 0x06) !== 0))
    return found('audio/mpeg', 'MP3 audio');
  if (startsWith(b, [0x1a, 0x45, 0xdf, 0xa3])) {
    // Matroska's EBML header names its DocType early; WebM is the subset browsers play.
    return ascii(b, 0, 64).includes('webm') ? found('video/webm', 'WebM video') : found('video/x-matroska', 'Matroska video');
  }
  const iso = sniffIsoBmff(b);
  if (iso) return iso;
  if (ascii(b, 0, 2) === 'MZ') return refused('a Windows executable');
  if (startsWith(b, [0x7f, 0x45, 0x4c, 0x46])) return refused('an ELF executable');
  if ([0xfeedface, 0xfeedfacf, 0xcefaedfe, 0xcffaedfe, 0xcafebabe].includes(((b[0]! << 24) | (b[1]! << 16) | (b[2]! << 8) | b[3]!) >>> 0))
    return refused('a Mach-O executable or Java class');
  if (ascii(b, 0, 2) === '#!') return refused('a script');
  if (startsWith(b, [0x50, 0x4b, 0x03, 0x04])) return refused('a ZIP archive (or Office/APK package)');
  const markup = looksLikeMarkup(b);
  if (markup) return refused(markup === 'SVG' ? 'SVG (it can carry script)' : `${markup} (it can carry script)`);
  return { mime: null, label: 'content of an unrecognised type', dangerous: false };
}

/**
 * The duration of an MP4/MOV/M4A from its movie header, when the `moov` box lies within `b`
 * (phones write "fast start" files with it up front); null otherwise.
 */
export function mp4DurationSec(b: Uint8Array): number | null {
  const u32 = (at: number) => ((b[at]! << 24) | (b[at + 1]! << 16) | (b[at + 2]! << 8) | b[at + 3]!) >>> 0;
  const findBox = (from: number, to: number, type: string): { start: number; end: number } | null => {
    for (let at = from; at + 8 <= to;) {
      let size = u32(at);
      let header = 8;
      if (size === 1) {
        if (at + 16 > to) return null;
        size = u32(at + 8) * 2 ** 32 + u32(at + 12);
        header = 16;
      } else if (size === 0) size = to - at;
      if (size < header) return null;
      if (ascii(b, at + 4, 4) === type) return { start: at + header, end: Math.min(at + size, to) };
      at += size;
    }
    return null;
  };
  const moov = findBox(0, b.length, 'moov');
  if (!moov) return null;
  const mvhd = findBox(moov.start, moov.end, 'mvhd');
  if (!mvhd) return null;
  const v = mvhd.start;
  const version = b[v];
  const [scaleAt, durAt, wide] = version === 1 ? [v + 20, v + 24, true] : [v + 12, v + 16, false];
  if (durAt + (wide ? 8 : 4) > mvhd.end) return null;
  const timescale = u32(scaleAt);
  const duration = wide ? u32(durAt) * 2 ** 32 + u32(durAt + 4) : u32(durAt);
  if (!timescale || duration === 0xffffffff) return null;
  return Math.round((duration / timescale) * 1000) / 1000;
}
