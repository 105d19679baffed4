import path from 'node:path';
import type { AppConfig } from '../config';
import type { BlobStore } from './blob-store';
import { LocalDiskBlobStore } from './local-disk-blob-store';
import { S3BlobStore } from './s3-blob-store';

export type StorageConfig = Pick<
  AppConfig,
  'dataDir' | 'STORAGE_DRIVER' | 'S3_ENDPOINT' | 'S3_BUCKET' | 'S3_REGION' | 'S3_ACCESS_KEY_ID' | 'S3_SECRET_ACCESS_KEY'
>;

/** The store STORAGE_DRIVER names; an S3 driver missing a setting stops start-up naming what is missing. */
export function createBlobStore(config: StorageConfig): BlobStore {
  if (config.STORAGE_DRIVER === 'local') return new LocalDiskBlobStore(path.join(config.dataDir, 'attachments'));
  const { S3_ENDPOINT, S3_BUCKET, S3_REGION, S3_ACCESS_KEY_ID, S3_SECRET_ACCESS_KEY } = config;
  const missing = Object.entries({ S3_ENDPOINT, S3_BUCKET, S3_ACCESS_KEY_ID, S3_SECRET_ACCESS_KEY })
    .filter(([, v]) => !v)
    .map(([k]) => k);
  if (missing.length) throw new Error(`Invalid configuration:\n  STORAGE_DRIVER=s3 needs ${missing.join(', ')}`);
  return new S3BlobStore({
    endpoint: S3_ENDPOINT!,
    bucket: S3_BUCKET!,
    region: S3_REGION,
    accessKeyId: S3_ACCESS_KEY_ID!,
    secretAccessKey: S3_SECRET_ACCESS_KEY!,
  });
}
