import { defineSearchAttributeKey } from '@temporalio/common';

/**
 * Custom search attributes every Fixflow workflow may set. Registered on the namespace at boot;
 * workflows import the typed keys so a misspelt name is a compile error.
 */
export const TicketStatusKey = defineSearchAttributeKey('TicketStatus', 'KEYWORD');
export const PriorityKey = defineSearchAttributeKey('Priority', 'KEYWORD');
export const RegionKey = defineSearchAttributeKey('Region', 'KEYWORD');
export const AssigneeIdKey = defineSearchAttributeKey('AssigneeId', 'KEYWORD');
export const SlaBreachedKey = defineSearchAttributeKey('SlaBreached', 'BOOL');
export const ChannelKey = defineSearchAttributeKey('Channel', 'KEYWORD');
export const CustomerIdKey = defineSearchAttributeKey('CustomerId', 'KEYWORD');

export const FIXFLOW_SEARCH_ATTRIBUTES = [
  TicketStatusKey,
  PriorityKey,
  RegionKey,
  AssigneeIdKey,
  SlaBreachedKey,
  ChannelKey,
  CustomerIdKey,
] as const;
