/**
 * Test material: small real files (PNG, JPEG) and the heads of others, each laid out as its
 * format is (boxes, chunks), not merely the magic number. Used by the unit and HTTP tests.
 */
const bytes = (...parts: (number[] | string)[]): Uint8Array =>
  Uint8Array.from(parts.flatMap((p) => (typeof p === 'string' ? Array.from(p, (c) => c.charCodeAt(0)) : p)));
const u32 = (n: number) => [(n >>> 24) & 0xff, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff];

/** A 1×1 PNG, complete. */
export const PNG_1X1 = Uint8Array.from(
  atob('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==')
    .split('')
    .map((c) => c.charCodeAt(0)),
);

/** The well-known 134-byte 1×1 JPEG (SOI, JFIF, DQT, SOF, DHT, SOS) that browsers decode. */
export const JPEG_1X1 = Uint8Array.from(
  atob(
    '/9j/4AAQSkZJRgABAQEASABIAAD/2wBDAP//////////////////////////////////////////////////////////////////////////////////////wgALCAABAAEBAREA/8QAFBABAAAAAAAAAAAAAAAAAAAAAP/aAAgBAQABPxA=',
  )
    .split('')
    .map((c) => c.charCodeAt(0)),
);

/** An ISO-BMFF head: ftyp with a major brand and compatible brands, then a moov whose mvhd gives the duration. */
export function isoMediaHead(major: string, compatible: string[], durationSec?: number): Uint8Array {
  const ftyp = bytes(u32(16 + 4 * compatible.length), 'ftyp', major, u32(0), compatible.join(''));
  if (durationSec === undefined) return ftyp;
  const mvhdBody = [0, 0, 0, 0, ...u32(0), ...u32(0), ...u32(1000), ...u32(Math.round(durationSec * 1000)), ...new Array(80).fill(0)];
  const mvhd = bytes(u32(8 + mvhdBody.length), 'mvhd', mvhdBody);
  const moov = bytes(u32(8 + mvhd.length), 'moov', Array.from(mvhd));
  return Uint8Array.from([...ftyp, ...moov]);
}

export const MP4_HEAD = isoMediaHead('isom', ['isom', 'iso2', 'avc1', 'mp41'], 12.5);
export const MOV_HEAD = isoMediaHead('qt  ', ['qt  ']);
export const HEIC_HEAD = isoMediaHead('heic', ['mif1', 'heic']);
export const WEBM_HEAD = bytes([0x1a, 0x45, 0xdf, 0xa3, 0x9f, 0x42, 0x86, 0x81, 0x01, 0x42, 0xf7, 0x81, 0x01, 0x42, 0x82, 0x84], 'webm');
export const WEBP_HEAD = bytes('RIFF', u32(0x24000000), 'WEBPVP8 ');
export const GIF_HEAD = bytes('GIF89a', [1, 0, 1, 0]);
export const PDF_HEAD = bytes('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n');
export const EXE_HEAD = bytes('MZ', [0x90, 0, 3, 0, 0, 0, 4, 0], 'This program cannot be run in DOS mode');
export const ELF_HEAD = bytes([0x7f], 'ELF', [2, 1, 1, 0]);
export const SVG_SIGNATURE = bytes(
  '<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script><path d="M0 0L10 10"/></svg>',
);
export const HTML_PAGE = bytes('\n  <!DOCTYPE html><html><script>alert(1)</script></html>');
export const ZIP_HEAD = bytes([0x50, 0x4b, 0x03, 0x04, 0x14, 0, 0, 0]);
