import { useEffect, useState } from 'react';
import { href } from '../lib/hash-route';
import { flowApi, type TicketFlow } from './flow-api';
import { useFlowText } from './flow-text';

/**
 * On the ticket page: the flow version the ticket runs and where it is, with a link opening that
 * version on the canvas with the ticket's path lit up. Nothing is shown for tickets from before
 * flows (409 no_flow) or when the caller may not read flows.
 */
export function TicketFlowLink({ ticketId, refreshKey }: { ticketId: string; refreshKey?: unknown }) {
  const ft = useFlowText();
  const [flow, setFlow] = useState<TicketFlow | null>(null);
  useEffect(() => {
    const ctrl = new AbortController();
    flowApi
      .ticketFlow(ticketId, ctrl.signal)
      .then(setFlow)
      .catch(() => setFlow(null));
    return () => ctrl.abort();
  }, [ticketId, refreshKey]);
  if (!flow) return null;
  return (
    <div
      className="muted"
      style={{ display: 'flex', gap: 8, flexWrap: 'wrap', alignItems: 'center', fontSize: 13 }}
      data-ticket-flow={`${flow.flowKey}@${flow.version}`}
    >
      <span>{ft('ticketFlow.title')}</span>
      <span className="mono">{ft('ticketFlow.at', { key: flow.flowKey, version: flow.version, node: flow.nodeId })}</span>
      <a href={href.flow(flow.flowKey, new URLSearchParams({ ticket: ticketId }))}>{ft('ticketFlow.open')}</a>
    </div>
  );
}
