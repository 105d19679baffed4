import { randomBytes } from 'node:crypto';
import { randomCode } from '../../core/readable-id';

/** CU-7F3K9Q2M4X: readable on the phone, no I/O/L/U to confuse; ten characters make a collision negligible. */
export function newArchiveId(prefix: string): string {
  return `${prefix}-${randomCode(10)}`;
}

/**
 * The token printed in an asset's QR code: opaque and unguessable (144 bits), so scanning one
 * label tells nothing about any other asset. The import mints them the same way.
 */
export function newQrToken(): string {
  return randomBytes(18).toString('base64url');
}

/** What a QR token looks like; anything else is answered as unknown without a query. */
export const QR_TOKEN_PATTERN = /^[A-Za-z0-9_-]{16,64}$/;
