import { maskSerial } from './pii-mask';

/**
 * What a customer sees after scanning an asset's QR code (the H5 page): enough to recognise the
 * product and report a problem, nothing about the owner, the contract or other assets.
 */
export type WarrantyStatus = 'in_warranty' | 'expired' | 'unknown';

export interface PublicAssetSource {
  name: string | null;
  model: string;
  sku: string | null;
  serialNo: string;
  warrantyEndsOn: string | null;
  siteCity: string | null;
  siteRegion: string | null;
}

/** The date (YYYY-MM-DD) it is in China at `at`: warranties end at the end of a Beijing day. */
export function chinaDate(at: Date): string {
  return new Date(at.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
}

/** In warranty through its last day. */
export function warrantyStatus(endsOn: string | null, today: string): WarrantyStatus {
  if (!endsOn) return 'unknown';
  return endsOn >= today ? 'in_warranty' : 'expired';
}

export function publicAssetView(a: PublicAssetSource, today: string, qrToken: string) {
  const status = warrantyStatus(a.warrantyEndsOn, today);
  return {
    name: a.name,
    model: a.model,
    serialNo: maskSerial(a.serialNo),
    warranty: { status, endsOn: a.warrantyEndsOn },
    site: { city: a.siteCity },
    report: {
      /** the self-service page reports with the ticket create fields below already filled in */
      channel: 'portal' as const,
      prefill: {
        sku: a.sku ?? undefined,
        region: a.siteRegion ?? undefined,
        entitlement: status === 'in_warranty' ? 'in_warranty' : status === 'expired' ? 'out_of_warranty' : undefined,
      },
      /** what the customer is asked for */
      ask: ['description', 'category1', 'attachments'] as const,
      /** the owner is found from this token on the server, never sent to the page */
      assetRef: qrToken,
    },
  };
}
