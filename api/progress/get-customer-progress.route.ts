import { z } from 'zod';
import { verifiesOwner } from '../../domain/progress/customer-progress';
import type { ApiContext } from '../context';
import { HttpProblem } from '../http/problem';
import { defineRoute } from '../http/route';
import { recordFailedLookup, refuseIfThrottled } from './lookup-throttle';
import { findRma, findTicket, findVisit } from './progress-lookups';
import { issueAccess } from '../public/customer-access';
import { customerActions, loadPublicWork } from '../public/public-work';
import { VisitGateway } from '../visits/visit-gateway';

/** A ticket, an RMA or a visit number. */
const SERVICE_NUMBER_PATTERN = /^(TK|RMA|VS)-\d{8}-[0-9A-Z]{8}$/;

const body = z
  .object({
    number: z.string().trim().toUpperCase().regex(SERVICE_NUMBER_PATTERN, 'not a service number (TK-, RMA- or VS-YYYYMMDD-XXXXXXXX)'),
    /** the last four digits of the customer's phone, or the order number */
    code: z.string().trim().min(1).max(64),
  })
  .strict();

// One answer for an unknown number and a wrong code, so neither can be told from the other.
const noMatch = () => HttpProblem.notFound('no service request matches this number and code');

export const getCustomerProgressRoute = (ctx: ApiContext, visits = new VisitGateway(ctx.temporal)) =>
  defineRoute({
    method: 'post',
    path: '/api/v1/public/progress',
    permission: 'public',
    summary:
      'A customer follows their service request (ticket, RMA or visit): its number plus the last four digits of their phone (or the order number). Answers milestones, steps with times and what happens next — nothing internal — with what the customer may do now (`actions`) and a 30-minute access token for it (`access`, see /public/work/…). Wrong codes are counted per number and per address (429 after 5 per number in 15 minutes).',
    body,
    async handler({ req, body }) {
      const address = req.ip ?? req.socket.remoteAddress ?? 'unknown';
      await refuseIfThrottled(ctx.dataSource, body.number, address);
      const find = body.number.startsWith('RMA-') ? findRma : body.number.startsWith('VS-') ? findVisit : findTicket;
      const found = await find(ctx.dataSource, body.number);
      if (!found || !verifiesOwner(body.code, found.owner)) {
        await recordFailedLookup(ctx.dataSource, body.number, address);
        throw noMatch();
      }
      // The proof holds for a while: the follow-up calls (material, reschedule, rating) carry this instead of the code.
      const access = issueAccess(ctx.attachments.urlSecret(), 'access', body.number);
      const actions = await customerActions(await loadPublicWork(ctx.dataSource, body.number), visits);
      return { headers: { 'Cache-Control': 'no-store' }, body: { ...(await found.progress()), actions, access } };
    },
  });
