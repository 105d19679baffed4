import { NOTIFICATION_TEMPLATES } from '../notify/notification-templates';
import { TICKET_ACTIONS } from '../ticket/ticket-actions';
import type { FlowKind } from './flow-definition';
import type { FlowValidationOptions } from './flow-validation';

/** What conditions of a ticket flow may refer to as `ticket.<field>`. */
export const TICKET_FIELDS = [
  'ticketId',
  'status',
  'substatus',
  'priority',
  'channel',
  'customerId',
  'customerTier',
  'orderId',
  'sku',
  'category1',
  'category2',
  'category3',
  'region',
  'entitlement',
  'assigneeId',
  'groupId',
  'escalationLevel',
  'tags',
  'description',
  'attachments',
  'details',
  'logistics',
  'finance',
  'reopenCount',
  'createdAt',
  'resolvedAt',
  'contacts',
  'notes',
  /** the claim's worth, given at intake: what a ticket flow's approval node reads (`amountVar: ticket.amount`) */
  'amount',
] as const;

/**
 * What conditions of an RMA flow may read as `rma.<field>`. The RMA workflow keeps these on its
 * record and updates them from the actions below (diagnose fills symptoms, evidence,
 * requestedResolution and claimAmount, …); activity results are `vars.<resultVar>` instead.
 */
export const RMA_FIELDS = [
  'rmaId',
  'ticketId',
  'status',
  'customerId',
  'customerTier',
  'orderId',
  'sku',
  'serialNo',
  'assetId',
  'region',
  'symptoms',
  'evidence',
  'diagnosis',
  'warranty',
  /** replace | repair | refund | price_change — what the customer asks for */
  'requestedResolution',
  /** what the RMA would cost (refund, replacement value, price difference): the approval amount */
  'claimAmount',
  /** replace | repair | refund — decided after the inbound inspection */
  'resolution',
  'logistics',
  'finance',
  'assigneeId',
  'groupId',
  'escalationLevel',
  'attachments',
  'notes',
  'createdAt',
] as const;

/**
 * Actions an RMA takes (payload fields the default flow reads in brackets): diagnose (symptoms,
 * evidence, requestedResolution, claimAmount), approve / reject (comment) at an approval,
 * picked-up and parcel-received (carrier and WMS notices), repair-done, cancel (reason), close.
 */
export const RMA_ACTIONS = [
  'diagnose',
  'approve',
  'reject',
  'picked-up',
  'parcel-received',
  'repair-done',
  'cancel',
  'close',
  'add-note',
  'add-attachment',
] as const;

/**
 * Activities an RMA flow may call; the RMA workflow runs each through the integration client of
 * its system and feeds the result back. Results the default flow reads:
 * oms.check-eligibility → { eligible, reason, inWarranty, orderAmount };
 * logistics.create-return-order → { returnOrderNo }; logistics.book-pickup → { pickupNo, window };
 * wms.inspect-inbound → { responsibility: manufacturer | logistics | customer, decision?: replace | repair | refund,
 * priceDifference, note }; wms.ship-replacement / logistics.ship-back → { outboundNo };
 * erp.refund → { refundNo }; erp.settle-price-difference → { settlementNo }; erp.issue-invoice → { invoiceNo };
 * oms.write-back → {}. The cancel-* activities undo their counterparts.
 */
export const RMA_ACTIVITIES = [
  'oms.check-eligibility',
  'logistics.create-return-order',
  'logistics.cancel-return-order',
  'logistics.book-pickup',
  'logistics.cancel-pickup',
  'wms.inspect-inbound',
  'wms.ship-replacement',
  'logistics.ship-back',
  'erp.refund',
  'erp.settle-price-difference',
  'erp.issue-invoice',
  'oms.write-back',
] as const;

/** What conditions of a visit flow may read as `visit.<field>`. */
export const VISIT_FIELDS = [
  'visitId',
  'ticketId',
  'status',
  'customerId',
  'customerTier',
  'siteId',
  'address',
  /** the site's coordinates, for the check-in distance */
  'siteLat',
  'siteLng',
  'region',
  'skills',
  /** whom the confirmation call rings (else the site's contact, else the customer's phone) */
  'contactPhone',
  /** { channel, actor, at } of the customer's confirmation (channel cti: the confirmation call) */
  'confirmedBy',
  'engineerId',
  'windowStart',
  'windowEnd',
  /** [{ partCode, qty }] the work needs */
  'partsNeeded',
  /** requested | reserved | released — set by the flow */
  'partsStatus',
  'checkInDistanceM',
  'checkInFlagged',
  'workRecord',
  'photos',
  'partsUsed',
  'signature',
  'feeItems',
  'rating',
  'rescheduleCount',
  'cancelReason',
  'assigneeId',
  'groupId',
  'priority',
  'attachments',
  'notes',
  'createdAt',
] as const;

/**
 * Actions a visit takes: schedule (engineerId, windowStart, windowEnd), confirm (the customer
 * accepts the window), parts-arrived, accept / dispute (reason) by the engineer, depart,
 * check-in (lat, lng), record-work (summary, photos, partsUsed), sign (signature), follow-up
 * (rating, comment), reschedule (reason), cancel (reason).
 */
export const VISIT_ACTIONS = [
  'schedule',
  'confirm',
  'parts-arrived',
  'accept',
  'dispute',
  'depart',
  'check-in',
  'record-work',
  'sign',
  'follow-up',
  'reschedule',
  'cancel',
  'add-note',
  'add-attachment',
] as const;

/**
 * Activities a visit flow may call. Results the default flow reads: calendar.book-slot →
 * { bookingId }; cti.confirm-call → { outcome: confirmed | declined | no_response | no_answer |
 * busy | failed | no_phone, callId, durationSec, confirmedBy }; parts.check → { shortage: [{ partCode, qty }], substitutes: [...] };
 * parts.request-supply (purchase or transfer) → { requestNo, kind: purchase | transfer | mixed, transferIds, eta };
 * parts.reserve → { reservationId }; parts.consume → {}; receipt.issue → { receiptNo, total }.
 * calendar.cancel-slot and parts.release undo booking and reservation.
 */
export const VISIT_ACTIVITIES = [
  'calendar.book-slot',
  'cti.confirm-call',
  'calendar.cancel-slot',
  'parts.check',
  'parts.request-supply',
  'parts.reserve',
  'parts.release',
  'parts.consume',
  'receipt.issue',
] as const;

/**
 * The actions, fields, activities, child flows and message templates each kind of flow
 * understands. Ticket flows call no activities and start no subflows until TicketWorkflow carries
 * out those commands; they may ask for approvals (approve / reject are ticket actions).
 */
export function flowVocabulary(kind: FlowKind): FlowValidationOptions {
  // every kind sends through the same templates (domain/notify); an unknown one is a message never sent
  const knownTemplates = Object.keys(NOTIFICATION_TEMPLATES);
  switch (kind) {
    case 'ticket':
      return { knownActions: TICKET_ACTIONS, knownFields: TICKET_FIELDS, knownTemplates };
    case 'rma':
      return {
        knownActions: RMA_ACTIONS,
        knownFields: RMA_FIELDS,
        knownActivities: RMA_ACTIVITIES,
        subflowKinds: ['visit'],
        knownTemplates,
      };
    case 'visit':
      return {
        knownActions: VISIT_ACTIONS,
        knownFields: VISIT_FIELDS,
        knownActivities: VISIT_ACTIVITIES,
        subflowKinds: ['rma'],
        knownTemplates,
      };
  }
}
