import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { KIND_PROFILES, MAX_UPLOAD_BYTES } from './attachment-kinds';
import { checkContent, checkDeclared, normaliseMime } from './check-upload';
import {
  ELF_HEAD,
  EXE_HEAD,
  GIF_HEAD,
  HEIC_HEAD,
  HTML_PAGE,
  JPEG_1X1,
  MOV_HEAD,
  MP4_HEAD,
  PDF_HEAD,
  PNG_1X1,
  SVG_SIGNATURE,
  WEBM_HEAD,
  WEBP_HEAD,
  ZIP_HEAD,
  isoMediaHead,
} from './sample-files';
import { mp4DurationSec, sniffContent } from './sniff-content';

const MiB = 1024 * 1024;

describe('content sniffing', () => {
  it('names each format by its bytes', () => {
    const cases: [Uint8Array, string][] = [
      [JPEG_1X1, 'image/jpeg'],
      [PNG_1X1, 'image/png'],
      [GIF_HEAD, 'image/gif'],
      [WEBP_HEAD, 'image/webp'],
      [HEIC_HEAD, 'image/heic'],
      [isoMediaHead('mif1', ['mif1']), 'image/heif'],
      [MP4_HEAD, 'video/mp4'],
      [MOV_HEAD, 'video/quicktime'],
      [isoMediaHead('M4A ', ['M4A ', 'isom']), 'audio/mp4'],
      [WEBM_HEAD, 'video/webm'],
      [PDF_HEAD, 'application/pdf'],
    ];
    for (const [b, mime] of cases) assert.equal(sniffContent(b).mime, mime, mime);
  });

  it('marks executables, archives and markup as dangerous', () => {
    for (const [b, label] of [
      [EXE_HEAD, /Windows executable/],
      [ELF_HEAD, /ELF/],
      [ZIP_HEAD, /ZIP/],
      [SVG_SIGNATURE, /SVG/],
      [HTML_PAGE, /HTML/],
    ] as const) {
      const r = sniffContent(b);
      assert.equal(r.dangerous, true);
      assert.equal(r.mime, null);
      assert.match(r.label, label);
    }
    assert.deepEqual(sniffContent(new TextEncoder().encode('just some text')), {
      mime: null,
      label: 'content of an unrecognised type',
      dangerous: false,
    });
  });

  it('reads an MP4 duration from a fast-start movie header, and nothing from a head without one', () => {
    assert.equal(mp4DurationSec(MP4_HEAD), 12.5);
    assert.equal(mp4DurationSec(isoMediaHead('isom', ['isom'])), null);
    // cut inside the duration field itself
    assert.equal(mp4DurationSec(MP4_HEAD.subarray(0, 66)), null);
    assert.equal(mp4DurationSec(MP4_HEAD.subarray(0, 68)), 12.5);
  });
});

describe('upload checks', () => {
  it('refuses a declared type the kind does not take, and a declared size over the limit', () => {
    assert.equal(checkDeclared('photo', 'image/jpeg', 1000), null);
    assert.equal(checkDeclared('photo', 'application/octet-stream', null), null);
    assert.equal(checkDeclared('photo', 'video/mp4', 1000)?.field, 'header.Content-Type');
    assert.equal(checkDeclared('signature', 'image/svg+xml', 10)?.status, 415);
    const big = checkDeclared('signature', 'image/png', 3 * MiB);
    assert.equal(big?.status, 413);
    assert.match(big!.message, /3 MiB, over the 2 MiB/);
    assert.equal(checkDeclared('video', 'video/mp4', 200 * MiB), null);
    assert.equal(checkDeclared('video', 'video/mp4', 200 * MiB + 1)?.status, 413);
  });

  it('takes the sniffed type, and refuses content that is not what the kind takes or not what was declared', () => {
    assert.deepEqual(checkContent('photo', 'image/jpg', JPEG_1X1), { mime: 'image/jpeg' });
    assert.deepEqual(checkContent('photo', undefined, HEIC_HEAD), { mime: 'image/heic' });
    assert.deepEqual(checkContent('photo', 'image/heif', HEIC_HEAD), { mime: 'image/heic' });
    assert.deepEqual(checkContent('audio', 'audio/webm', WEBM_HEAD), { mime: 'audio/webm' });
    assert.deepEqual(checkContent('video', 'video/webm', WEBM_HEAD), { mime: 'video/webm' });
    assert.deepEqual(checkContent('invoice', 'application/pdf', PDF_HEAD), { mime: 'application/pdf' });

    const pngAsVideo = checkContent('video', 'video/mp4', PNG_1X1);
    assert.equal('code' in pngAsVideo && pngAsVideo.code, 'unsupported_media_type');
    const pngAsJpeg = checkContent('photo', 'image/jpeg', PNG_1X1);
    assert.equal('code' in pngAsJpeg && pngAsJpeg.code, 'content_type_mismatch');
    const exe = checkContent('photo', 'image/jpeg', EXE_HEAD);
    assert.equal('code' in exe && exe.code, 'dangerous_content');
    const svg = checkContent('signature', 'image/png', SVG_SIGNATURE);
    assert.equal('code' in svg && svg.code, 'dangerous_content');
    const pdfSignature = checkContent('signature', undefined, PDF_HEAD);
    assert.equal('status' in pdfSignature && pdfSignature.status, 415);
  });

  it('has limits per kind', () => {
    assert.equal(KIND_PROFILES.photo.maxBytes, 20 * MiB);
    assert.equal(KIND_PROFILES.video.maxBytes, 200 * MiB);
    assert.equal(KIND_PROFILES.signature.maxBytes, 2 * MiB);
    assert.equal(MAX_UPLOAD_BYTES, 200 * MiB);
    assert.equal(normaliseMime('Image/JPEG; charset=binary'), 'image/jpeg');
  });
});
