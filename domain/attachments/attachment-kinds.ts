import { ATTACHMENT_KINDS } from '../forms/form-values';

/**
 * What may be uploaded as what: the attachment kinds form templates know (domain/forms), one list,
 * so an upload answers a template directly.
 */
export const UPLOAD_KINDS = ATTACHMENT_KINDS;
export type UploadKind = (typeof UPLOAD_KINDS)[number];

/** Who an attachment belongs to; reading it needs the right to read its owner. */
export const OWNER_TYPES = ['ticket', 'rma', 'visit', 'asset', 'customer'] as const;
export type OwnerType = (typeof OWNER_TYPES)[number];

const MiB = 1024 * 1024;
const IMAGES = ['image/jpeg', 'image/png', 'image/webp', 'image/heic', 'image/heif', 'image/gif'];
const VIDEOS = ['video/mp4', 'video/quicktime', 'video/webm'];
const AUDIO = ['audio/mpeg', 'audio/mp4', 'audio/wav', 'audio/ogg', 'audio/webm', 'audio/amr'];
const PDF = ['application/pdf'];

export interface KindProfile {
  /** the types the content may be (by sniffing, not by the client's word) */
  mimes: readonly string[];
  maxBytes: number;
  label: { zh: string; en: string };
}

export const KIND_PROFILES: Record<UploadKind, KindProfile> = {
  photo: { mimes: IMAGES, maxBytes: 20 * MiB, label: { zh: '照片', en: 'photo' } },
  install_photo: { mimes: IMAGES, maxBytes: 20 * MiB, label: { zh: '安装照片', en: 'installation photo' } },
  video: { mimes: VIDEOS, maxBytes: 200 * MiB, label: { zh: '视频', en: 'video' } },
  unboxing_video: { mimes: VIDEOS, maxBytes: 200 * MiB, label: { zh: '开箱视频', en: 'unboxing video' } },
  // A signature is drawn on a canvas: a raster image only. SVG is refused by sniffing anyway.
  signature: { mimes: ['image/png', 'image/jpeg', 'image/webp'], maxBytes: 2 * MiB, label: { zh: '签名', en: 'signature' } },
  invoice: { mimes: [...IMAGES, ...PDF], maxBytes: 20 * MiB, label: { zh: '发票', en: 'invoice' } },
  proof_of_purchase: { mimes: [...IMAGES, ...PDF], maxBytes: 20 * MiB, label: { zh: '购买凭证', en: 'proof of purchase' } },
  waybill: { mimes: [...IMAGES, ...PDF], maxBytes: 20 * MiB, label: { zh: '运单', en: 'waybill' } },
  document: { mimes: [...PDF, ...IMAGES], maxBytes: 50 * MiB, label: { zh: '文档', en: 'document' } },
  audio: { mimes: AUDIO, maxBytes: 50 * MiB, label: { zh: '录音', en: 'audio' } },
  other: { mimes: [...IMAGES, ...VIDEOS, ...AUDIO, ...PDF], maxBytes: 50 * MiB, label: { zh: '其他', en: 'other' } },
};

/** The largest upload any kind takes; the HTTP layer needs no other ceiling. */
export const MAX_UPLOAD_BYTES = Math.max(...Object.values(KIND_PROFILES).map((p) => p.maxBytes));
