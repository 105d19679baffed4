import { WorkflowNotFoundError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import type { DataSource, EntityManager } from 'typeorm';
import { derivedDailyNumber } from '../core/readable-id';
import { audit } from '../db/audit-log';
import { productLineOfSku } from '../domain/routing/routing-model';
import { ticketWorkflowId } from '../domain/ticket/ticket.schema';
import { createRmaBody } from '../api/rmas/create-rma.route';
import { RmaGateway, rmaWorkOf } from '../api/rmas/rma-gateway';
import type { TemporalHandle } from '../api/tickets/ticket-gateway';
import { claimIdempotencyKey, requestHash } from '../api/http/idempotency';
import { HttpProblem } from '../api/http/problem';
import { VisitGateway, visitWorkOf } from '../api/visits/visit-gateway';
import { linkedWorkSignal, type LinkedWorkReport } from '../workflows/ticket/ticket-linked-work';

type Db = Pick<EntityManager, 'query'>;
type Missing = { field: string; message: string }[];
type Built = { work: Record<string, unknown> } | { missing: Missing };

/** What a ticket knows that an RMA or a visit can use (the ticket workflow's state, trimmed). */
export interface LinkedWorkTicket {
  ticketId: string;
  customerId: string;
  orderId?: string | null;
  assetId?: string | null;
  serialNo?: string | null;
  sku?: string | null;
  description: string;
  region?: string | null;
  category1?: string | null;
  priority: string;
  evidence?: string[];
}

export interface StartLinkedWorkInput {
  kind: 'rma' | 'visit';
  ticket: LinkedWorkTicket;
  /** `rule:<key>@v<n>` */
  actor: string;
  /**
   * Derived from the ticket, the rule and the decision (the event) that fired it: the work's number
   * is derived from it, and it is the idempotency key, so a retried or replayed start finds the
   * work it started before instead of starting another.
   */
  key: string;
  /** when the rule fired (workflow time) */
  at: string;
  reason?: string | null;
}

export type StartLinkedWorkResult =
  | { started: true; kind: 'rma' | 'visit'; workId: string; status: string; replay: boolean }
  | { started: false; kind: 'rma' | 'visit'; missing: { field: string; message: string }[] };

interface AssetRow {
  sku: string | null;
  serial_no: string;
  site_id: string | null;
}
interface SiteRow {
  id: string;
  province: string | null;
  city: string | null;
  district: string | null;
  address: string;
  region: string | null;
  lat: string | null;
  lng: string | null;
  contact_name: string | null;
  contact_phone: string | null;
}
interface CustomerRow {
  name: string;
  phone: string | null;
  province: string | null;
  city: string | null;
  addresses: { province?: string; city?: string; district?: string; detail: string; primary?: boolean }[];
  contacts: { name: string; phone?: string }[];
}

const MOBILE = /^1\d{10}$/;
const SITE_COLUMNS = 'id, province, city, district, address, region, lat, lng, contact_name, contact_phone';

async function assetOf(db: Db, assetId: string | null | undefined): Promise<AssetRow | null> {
  if (!assetId) return null;
  const [row] = (await db.query(`SELECT sku, serial_no, site_id FROM assets WHERE id = $1`, [assetId])) as AssetRow[];
  return row ?? null;
}

async function siteOf(db: Db, siteId: string | null | undefined): Promise<SiteRow | null> {
  if (!siteId) return null;
  const [row] = (await db.query(`SELECT ${SITE_COLUMNS} FROM sites WHERE id = $1`, [siteId])) as SiteRow[];
  return row ?? null;
}

async function customerOf(db: Db, customerId: string): Promise<CustomerRow | null> {
  const [row] = (await db.query(`SELECT name, phone, province, city, addresses, contacts FROM customers WHERE id = $1`, [
    customerId,
  ])) as CustomerRow[];
  return row ?? null;
}

const defined = <T extends Record<string, unknown>>(o: T): Partial<T> =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined && v !== null)) as Partial<T>;

/**
 * An RMA for the ticket, checked by POST /api/v1/rmas's own schema: its order, customer and
 * product, the description as symptoms, a repair without a claimed amount (what a rule can ask
 * for; an agent changes it through the RMA's actions), picked up where the asset is installed or
 * at the customer's primary address.
 */
async function rmaFor(db: Db, t: LinkedWorkTicket, rmaId: string): Promise<Built> {
  const asset = await assetOf(db, t.assetId);
  const site = await siteOf(db, asset?.site_id);
  const customer = await customerOf(db, t.customerId);
  const home = customer?.addresses.find((a) => a.primary) ?? customer?.addresses[0];
  const address = site
    ? defined({ province: site.province, city: site.city, district: site.district, detail: site.address })
    : home
      ? defined({
          province: home.province ?? customer?.province,
          city: home.city ?? customer?.city,
          district: home.district,
          detail: home.detail,
        })
      : undefined;
  const people = [
    site?.contact_name && site.contact_phone ? { name: site.contact_name, phone: site.contact_phone } : null,
    ...(customer?.contacts ?? []).map((c) => (c.phone ? { name: c.name, phone: c.phone } : null)),
    customer?.phone ? { name: customer.name, phone: customer.phone } : null,
  ].filter((c): c is { name: string; phone: string } => !!c);
  const contact = people.find((c) => MOBILE.test(c.phone)) ?? people[0];
  const parsed = createRmaBody.safeParse(
    defined({
      orderId: t.orderId,
      customerId: t.customerId,
      sku: t.sku ?? asset?.sku,
      serialNo: t.serialNo ?? asset?.serial_no,
      assetId: t.assetId,
      ticketId: t.ticketId,
      symptoms: t.description,
      evidence: t.evidence ?? [],
      requestedResolution: 'repair',
      claimAmountFen: 0,
      pickup: defined({ address, contact }),
    }),
  );
  if (!parsed.success)
    return {
      missing: parsed.error.issues.map((i) => ({
        field: i.path.join('.') || '(body)',
        message: i.code === 'invalid_type' && i.message.includes('undefined') ? 'the ticket does not say' : i.message,
      })),
    };
  const body = parsed.data;
  return { work: rmaWorkOf(rmaId, body, { sku: body.sku, serialNo: body.serialNo }) };
}

/**
 * A visit for the ticket at the site its asset is installed at (or the customer's only site with
 * coordinates), with the skills its product line and problem type need; no window yet (dispatch
 * books one with the visit's schedule action).
 */
async function visitFor(db: Db, t: LinkedWorkTicket, visitId: string): Promise<Built> {
  const asset = await assetOf(db, t.assetId);
  let site = await siteOf(db, asset?.site_id);
  if (!site) {
    const sites = (await db.query(
      `SELECT ${SITE_COLUMNS} FROM sites WHERE customer_id = $1 AND lat IS NOT NULL AND lng IS NOT NULL LIMIT 2`,
      [t.customerId],
    )) as SiteRow[];
    if (sites.length === 1) site = sites[0]!;
  }
  if (!site)
    return {
      missing: [
        {
          field: 'siteId',
          message: `where to go: the ticket's asset is installed at no site, and customer ${t.customerId} has no single site with coordinates`,
        },
      ],
    };
  if (site.lat === null || site.lng === null) return { missing: [{ field: 'location', message: `site ${site.id} has no coordinates` }] };
  const sku = t.sku ?? asset?.sku;
  const region = t.region ?? site.region ?? null;
  return {
    work: visitWorkOf(visitId, {
      ticketId: t.ticketId,
      siteId: site.id,
      assetId: t.assetId ?? null,
      customerId: t.customerId,
      site: { address: site.address, lat: Number(site.lat), lng: Number(site.lng) },
      region,
      skills: defined({ productLine: sku ? productLineOfSku(sku) : undefined, issueType: t.category1, region }),
      parts: [],
      preferredWindow: null,
      priority: t.priority,
      description: t.description,
    }),
  };
}

/**
 * Starting an RMA or a visit for a ticket (its automation rules), and what linked work tells its
 * ticket. Linked work is started here rather than as a child workflow of the ticket: it must go
 * through the same start as POST /api/v1/rmas and /visits (update-with-start under its own id, read
 * by the API), must outlive the ticket, and a ticket continues as new, which would lose a child's
 * completion; the work reports back to the ticket instead (reportLinkedWork).
 */
export function createLinkedWorkActivities(deps: { dataSource: DataSource; temporal?: TemporalHandle }) {
  const temporal = (): TemporalHandle => {
    if (!deps.temporal) throw ApplicationFailure.nonRetryable('this worker was built without a Temporal client', 'WorkerMisconfigured');
    return deps.temporal;
  };
  return {
    async startLinkedWork(input: StartLinkedWorkInput): Promise<StartLinkedWorkResult> {
      const { kind, ticket: t } = input;
      const at = new Date(input.at);
      const workId = derivedDailyNumber(kind === 'rma' ? 'RMA' : 'VS', at, input.key);
      // Nothing is written until everything the work needs is known: a missing piece leaves nothing behind.
      const built: Built = kind === 'rma' ? await rmaFor(deps.dataSource, t, workId) : await visitFor(deps.dataSource, t, workId);
      if ('missing' in built) return { started: false, kind, missing: built.missing };
      const claim = await deps.dataSource.transaction(async (tx) => {
        const c = await claimIdempotencyKey(tx, {
          scope: `ticket:${t.ticketId}`,
          key: input.key,
          hash: requestHash({ kind, key: input.key }),
          resourceType: kind,
          candidateId: workId,
        });
        if (!c.replay)
          await audit(tx, input.actor, `${kind}.create`, kind, c.resourceId, {
            ticketId: t.ticketId,
            reason: input.reason ?? null,
            ...(kind === 'rma' ? { orderId: t.orderId, requestedResolution: 'repair', claimAmountFen: 0 } : { siteId: built.work.siteId }),
          });
        return c;
      });
      const id = claim.resourceId;
      const work = { ...built.work, [`${kind}Id`]: id };
      const gateway = kind === 'rma' ? new RmaGateway(temporal()) : new VisitGateway(temporal());
      const answer = await gateway.create(id, work, input.actor, at).catch((err: unknown) => {
        // the engine busy or unreachable is retried; a refusal (the flow not published …) is final
        if (err instanceof HttpProblem && err.status !== 503) throw ApplicationFailure.nonRetryable(err.message, 'LinkedWorkNotStarted');
        throw err;
      });
      // null: it was started before and has already ended (a replay long after)
      return { started: true, kind, workId: id, status: answer?.status ?? 'ended', replay: claim.replay };
    },

    /** Signals the ticket; a ticket that has finished (or never was) has nothing to hold, so that is no failure. */
    async reportLinkedWork(input: { ticketId: string; report: LinkedWorkReport }): Promise<{ delivered: boolean }> {
      try {
        await temporal().client.workflow.getHandle(ticketWorkflowId(input.ticketId)).signal(linkedWorkSignal, input.report);
        return { delivered: true };
      } catch (err) {
        if (err instanceof WorkflowNotFoundError) return { delivered: false };
        throw err;
      }
    },
  };
}
