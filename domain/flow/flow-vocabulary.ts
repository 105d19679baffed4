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
] as const;

/** The actions and fields each kind of flow understands (RMA and visit arrive with their workflows). */
export function flowVocabulary(kind: FlowKind): FlowValidationOptions {
  switch (kind) {
    case 'ticket':
      return { knownActions: TICKET_ACTIONS, knownFields: TICKET_FIELDS };
    default:
      return { knownActions: [], knownFields: [] };
  }
}
