import { KIND_PROFILES, type UploadKind } from './attachment-kinds';
import { sniffContent } from './sniff-content';

/** Why an upload is refused, in both languages; `status` is the HTTP status it maps to. */
export interface UploadRefusal {
  status: 413 | 415;
  code: 'attachment_too_large' | 'unsupported_media_type' | 'content_type_mismatch' | 'dangerous_content';
  field: string;
  message: string;
  messageZh: string;
}

/** Spellings clients use for the same type (old IE, Android galleries, audio-only WebM). */
const ALIASES: Record<string, string> = {
  'image/jpg': 'image/jpeg',
  'image/pjpeg': 'image/jpeg',
  'image/x-png': 'image/png',
  'image/heic-sequence': 'image/heic',
  'image/heif-sequence': 'image/heif',
  'audio/x-wav': 'audio/wav',
  'audio/wave': 'audio/wav',
  'audio/mp3': 'audio/mpeg',
  'audio/x-m4a': 'audio/mp4',
  'audio/m4a': 'audio/mp4',
  'application/x-pdf': 'application/pdf',
};
/** Declarations that say nothing: the content alone decides. */
const UNDECLARED = new Set(['', 'application/octet-stream', 'binary/octet-stream']);

export function normaliseMime(contentType: string | undefined): string {
  const bare = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  return ALIASES[bare] ?? bare;
}

const fmtMiB = (n: number) => `${Math.round((n / 1024 / 1024) * 10) / 10} MiB`;

export function sizeRefusal(kind: UploadKind, sizeBytes: number | null): UploadRefusal {
  const { maxBytes, label } = KIND_PROFILES[kind];
  const size = sizeBytes === null ? 'is larger than' : `is ${fmtMiB(sizeBytes)}, over`;
  return {
    status: 413,
    code: 'attachment_too_large',
    field: 'body',
    message: `the ${label.en} ${size} the ${fmtMiB(maxBytes)} a ${label.en} may be`,
    messageZh: `${label.zh}不能超过 ${fmtMiB(maxBytes)}`,
  };
}

/** Before any byte is read: the declared type must be one the kind takes (or say nothing), the declared size within its limit. */
export function checkDeclared(kind: UploadKind, contentType: string | undefined, contentLength: number | null): UploadRefusal | null {
  const profile = KIND_PROFILES[kind];
  const mime = normaliseMime(contentType);
  if (!UNDECLARED.has(mime) && !profile.mimes.includes(mime) && !(mime === 'audio/webm' && profile.mimes.includes('video/webm'))) {
    return {
      status: 415,
      code: 'unsupported_media_type',
      field: 'header.Content-Type',
      message: `a ${profile.label.en} must be ${profile.mimes.join(', ')}; got ${mime}`,
      messageZh: `${profile.label.zh}只接受 ${profile.mimes.join('、')}，收到 ${mime}`,
    };
  }
  if (contentLength !== null && contentLength > profile.maxBytes) return sizeRefusal(kind, contentLength);
  return null;
}

/**
 * On the first bytes: what the content really is must be a type the kind takes, and what the
 * client declared (if anything) must agree with it. Returns the type to store, or the refusal.
 */
export function checkContent(kind: UploadKind, contentType: string | undefined, head: Uint8Array): { mime: string } | UploadRefusal {
  const profile = KIND_PROFILES[kind];
  const sniffed = sniffContent(head);
  const declared = normaliseMime(contentType);
  if (sniffed.dangerous) {
    return {
      status: 415,
      code: 'dangerous_content',
      field: 'body',
      message: `the content is ${sniffed.label}, never accepted as an attachment`,
      messageZh: `文件内容为不允许上传的类型（${sniffed.label}）`,
    };
  }
  // WebM is one container for video and voice; the kind says which it is.
  const mime =
    sniffed.mime === 'video/webm' && profile.mimes.includes('audio/webm') && !profile.mimes.includes('video/webm')
      ? 'audio/webm'
      : sniffed.mime;
  if (!mime || !profile.mimes.includes(mime)) {
    return {
      status: 415,
      code: 'unsupported_media_type',
      field: 'body',
      message: `the content is ${sniffed.label}; a ${profile.label.en} must be ${profile.mimes.join(', ')}`,
      messageZh: `文件内容（${sniffed.label}）不是${profile.label.zh}可接受的类型：${profile.mimes.join('、')}`,
    };
  }
  const sameFamily = (a: string, b: string) => [a, b].every((x) => x.endsWith('/webm')) || [a, b].every((x) => /^image\/hei[cf]$/.test(x));
  const agrees = UNDECLARED.has(declared) || declared === mime || sameFamily(declared, mime);
  if (!agrees) {
    return {
      status: 415,
      code: 'content_type_mismatch',
      field: 'header.Content-Type',
      message: `declared ${declared} but the content is ${sniffed.label} (${mime})`,
      messageZh: `声明的类型 ${declared} 与文件实际内容（${mime}）不符`,
    };
  }
  return { mime };
}
