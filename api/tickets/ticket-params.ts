import { z } from 'zod';
import { TICKET_ID_PATTERN } from './ticket-gateway';

export const ticketIdParams = z.object({
  ticketId: z.string().regex(TICKET_ID_PATTERN, 'not a ticket number (TK-YYYYMMDD-XXXXXXXX)'),
});
