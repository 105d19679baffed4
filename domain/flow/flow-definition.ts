import { z } from 'zod';

/**
 * A flow definition: a JSON graph of typed nodes and edges that the interpreter runs. Tickets,
 * RMAs and visits are all flows; the designer edits them, the store versions them, and a running
 * piece of work keeps the version it started with.
 */
export const FLOW_KINDS = ['ticket', 'rma', 'visit'] as const;
export type FlowKind = (typeof FLOW_KINDS)[number];

const id = z.string().regex(/^[a-z][a-z0-9_-]{0,63}$/, 'lower-case letters, digits, - and _, starting with a letter');
const label = z.string().trim().min(1).max(200);
const minutes = z
  .number()
  .positive()
  .max(366 * 24 * 60);
/** JSON-Logic; checked separately by the graph validator so that problems carry their paths. */
const logic = z.unknown();

export const PAUSE_REASON_CODES = ['waiting_customer', 'waiting_supplier', 'logistics_in_transit', 'parts_on_order'] as const;

/**
 * What an action node or an edge does on the way; the workflow carries each step out.
 * (Integration calls and subflows arrive with the RMA and visit flows.)
 */
export const flowStepSchema = z.discriminatedUnion('do', [
  z
    .object({
      do: z.literal('assign'),
      group: z.string().min(1).optional(),
      assignee: z.string().min(1).optional(),
      clear: z.boolean().optional(),
    })
    .strict(),
  z.object({ do: z.literal('notify'), channel: z.string().min(1), target: z.string().min(1), template: z.string().min(1) }).strict(),
  z.object({ do: z.literal('set'), field: z.string().min(1), value: logic }).strict(),
  z
    .object({
      do: z.literal('sla'),
      op: z.enum(['pause', 'resume', 'stop', 'restart']),
      metric: z.enum(['frt', 'ttr']).optional(),
      reason: z.enum(PAUSE_REASON_CODES).optional(),
    })
    .strict(),
  z.object({ do: z.literal('escalate'), level: z.number().int().min(1).max(10).optional(), group: z.string().min(1).optional() }).strict(),
  z.object({ do: z.literal('webhook'), event: z.string().min(1) }).strict(),
]);
export type FlowStep = z.infer<typeof flowStepSchema>;

const base = { id, label: label.optional(), position: z.object({ x: z.number(), y: z.number() }).optional() };

export const flowNodeSchema = z.discriminatedUnion('type', [
  z.object({ ...base, type: z.literal('start') }).strict(),
  z
    .object({
      ...base,
      type: z.literal('state'),
      /** the ticket status shown while the work waits here */
      status: z.string().min(1),
      substatus: z.string().min(1).optional(),
      /**
       * the SLA clocks are paused while the work is in this state, for this reason, or for the
       * reason the action that led here gave (`from_action`, e.g. hold with reason parts_on_order)
       */
      pauseSla: z.enum([...PAUSE_REASON_CODES, 'from_action']).optional(),
      /** entering this state stops these clocks (the metric is met) */
      stopSla: z.array(z.enum(['frt', 'ttr'])).optional(),
    })
    .strict(),
  z.object({ ...base, type: z.literal('decision') }).strict(),
  z.object({ ...base, type: z.literal('action'), steps: z.array(flowStepSchema).min(1) }).strict(),
  z.object({ ...base, type: z.literal('timer'), minutes }).strict(),
  z.object({ ...base, type: z.literal('end'), status: z.string().min(1) }).strict(),
]);
export type FlowNode = z.infer<typeof flowNodeSchema>;
export type FlowNodeType = FlowNode['type'];

export const flowEdgeSchema = z
  .object({
    id,
    from: id,
    to: id,
    label: label.optional(),
    /** what makes the work leave a state: an action or a timeout */
    on: z.union([z.object({ action: z.string().min(1) }).strict(), z.object({ timeoutMinutes: minutes }).strict()]).optional(),
    /** JSON-Logic over { ticket, payload, actor, now }; on decision edges they are tried by `order` */
    condition: logic.optional(),
    order: z.number().int().min(0).max(1000).optional(),
    /** the decision's fallback when no condition holds */
    default: z.boolean().optional(),
    steps: z.array(flowStepSchema).optional(),
  })
  .strict();
export type FlowEdge = z.infer<typeof flowEdgeSchema>;

export const flowDefinitionSchema = z
  .object({
    key: id,
    kind: z.enum(FLOW_KINDS),
    name: label,
    description: z.string().max(2000).optional(),
    nodes: z.array(flowNodeSchema).min(2).max(500),
    edges: z.array(flowEdgeSchema).max(2000),
    /** actions allowed in every state that do not move the work (notes, attachments, priority) */
    globalActions: z.array(z.string().min(1)).default([]),
  })
  .strict();
export type FlowDefinition = z.infer<typeof flowDefinitionSchema>;
export type FlowDefinitionInput = z.input<typeof flowDefinitionSchema>;

/** A published flow version as a running workflow holds it: loaded once at start and kept. */
export interface PinnedFlow {
  key: string;
  version: number;
  definition: FlowDefinition;
}
