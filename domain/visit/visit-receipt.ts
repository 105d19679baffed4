/**
 * The receipt a visit ends with (回执): the work done, the parts fitted at their unit prices, and
 * the fee items. Money is integer fen. Pure, so the API, the workflow's activity and tests agree.
 */
export type FeeKind = 'labour' | 'travel' | 'other';

export interface FeeItem {
  kind: FeeKind;
  /** 人工费, 上门费, … */
  item: string;
  amountFen: number;
}

export interface ReceiptPartLine {
  partCode: string;
  name: string;
  qty: number;
  unitPriceFen: number;
}

export interface VisitReceipt {
  receiptNo: string;
  visitId: string;
  summary: string;
  parts: (ReceiptPartLine & { amountFen: number })[];
  fees: FeeItem[];
  partsFen: number;
  feesFen: number;
  totalFen: number;
  /** the attachment id of the customer's signature */
  signature: string | null;
  issuedAt: string;
}

/** What a visit charges when the engineer records no fee items of their own. */
export const DEFAULT_FEE_ITEMS: readonly FeeItem[] = [
  { kind: 'labour', item: '人工费 labour', amountFen: 8000 },
  { kind: 'travel', item: '上门费 travel', amountFen: 5000 },
];

/**
 * One receipt line per part: a part fitted partly from the visit's reservation and partly from the
 * engineer's own van stock is one line with the sum. Sorted by part code.
 */
export function mergePartLines(lines: readonly ReceiptPartLine[]): ReceiptPartLine[] {
  const byCode = new Map<string, ReceiptPartLine>();
  for (const l of lines) {
    if (!(l.qty > 0)) continue;
    const seen = byCode.get(l.partCode);
    byCode.set(l.partCode, seen ? { ...seen, qty: seen.qty + l.qty } : { ...l });
  }
  return [...byCode.values()].sort((a, b) => a.partCode.localeCompare(b.partCode));
}

const fen = (n: unknown): number => (typeof n === 'number' && Number.isInteger(n) && n >= 0 ? n : 0);

export function buildReceipt(input: {
  visitId: string;
  summary: string;
  parts: ReceiptPartLine[];
  feeItems: FeeItem[] | null;
  signature: string | null;
  issuedAt: string;
}): VisitReceipt {
  const parts = input.parts.map((p) => ({ ...p, amountFen: p.qty * p.unitPriceFen }));
  const fees = (input.feeItems?.length ? input.feeItems : DEFAULT_FEE_ITEMS).map((f) => ({
    kind: (['labour', 'travel', 'other'] as const).includes(f.kind) ? f.kind : 'other',
    item: String(f.item ?? ''),
    amountFen: fen(f.amountFen),
  }));
  const partsFen = parts.reduce((s, p) => s + p.amountFen, 0);
  const feesFen = fees.reduce((s, f) => s + f.amountFen, 0);
  return {
    receiptNo: `RC-${input.visitId.replace(/^VS-/, '')}`,
    visitId: input.visitId,
    summary: input.summary,
    parts,
    fees,
    partsFen,
    feesFen,
    totalFen: partsFen + feesFen,
    signature: input.signature,
    issuedAt: input.issuedAt,
  };
}
