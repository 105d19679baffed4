/**
 * What "SLA attainment" means, once, for the dashboard and the report centre: of the tickets resolved
 * with a resolution deadline (ttr_due_at, which the SLA clock has already moved for pauses and
 * business hours), the share resolved at or before it. `t` is the alias of the tickets row.
 */
export const slaResolvedWithDeadline = (t: string) => `${t}.resolved_at IS NOT NULL AND ${t}.ttr_due_at IS NOT NULL`;
export const slaResolvedWithin = (t: string) => `${t}.resolved_at IS NOT NULL AND ${t}.resolved_at <= ${t}.ttr_due_at`;
