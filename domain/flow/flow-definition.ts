import { z } from 'zod';

/**
 * A flow definition: a JSON graph of typed nodes and edges that the interpreter runs. Tickets,
 * RMAs and visits are all flows; the designer edits them, the store versions them, and a running
 * piece of work keeps the version it started with.
 */
export const FLOW_KINDS = ['ticket', 'rma', 'visit'] as const;
export type FlowKind = (typeof FLOW_KINDS)[number];

const id = z.string().regex(/^[a-z][a-z0-9_-]{0,63}$/, 'lower-case letters, digits, - and _, starting with a letter');
/** names of flow parameters and variables (`params.parcelTimeoutDays`, `vars.returnOrder`) */
const name = z.string().regex(/^[a-zA-Z][a-zA-Z0-9_]{0,63}$/, 'letters, digits and _, starting with a letter');
const label = z.string().trim().min(1).max(200);
const minutes = z
  .number()
  .positive()
  .max(366 * 24 * 60);
/** JSON-Logic; checked separately by the graph validator so that problems carry their paths. */
const logic = z.unknown();

export const PAUSE_REASON_CODES = ['waiting_customer', 'waiting_supplier', 'logistics_in_transit', 'parts_on_order'] as const;

/** A flow parameter (`params.<name>`) or a number written in place: admins change a number, not the graph. */
export const numberOrParamSchema = z.union([z.number().min(0), z.object({ param: name }).strict()]);
export type NumberOrParam = z.infer<typeof numberOrParamSchema>;

const plainSteps = [
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
] as const;

/** Activity names: `<system>.<operation>`, e.g. `oms.check-eligibility`; the kind's vocabulary lists them. */
const activityName = z.string().regex(/^[a-z][a-z0-9-]*(\.[a-z][a-z0-9-]*)*$/, 'an activity name like oms.check-eligibility');
const callStep = {
  do: z.literal('call'),
  activity: activityName,
  /** each input field is JSON-Logic over the flow's data (a literal, `{"var": "rma.orderId"}`, …) */
  input: z.record(z.string().min(1), logic).optional(),
  /** the activity's result is kept as `vars.<resultVar>` for later conditions and inputs */
  resultVar: name.optional(),
};

/** What undoes a step once it is done: run in reverse order when a compensating edge is taken. */
export const compensationStepSchema = z.discriminatedUnion('do', [...plainSteps, z.object(callStep).strict()]);
export type CompensationStep = z.infer<typeof compensationStepSchema>;

/**
 * What an action node or an edge does on the way; the workflow carries each step out. A `call`
 * runs an activity (an integration) and the work waits in its action node for the result.
 */
export const flowStepSchema = z.discriminatedUnion('do', [
  ...plainSteps,
  z.object({ ...callStep, compensate: z.array(compensationStepSchema).min(1).optional() }).strict(),
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
  z
    .object({
      ...base,
      type: z.literal('action'),
      steps: z.array(flowStepSchema).min(1),
      /** the status shown while the node waits for an activity's result (default: the status it had) */
      status: z.string().min(1).optional(),
      /** undoes what the node did; owed once its steps are done */
      compensate: z.array(compensationStepSchema).min(1).optional(),
    })
    .strict(),
  z
    .object({
      ...base,
      type: z.literal('approval'),
      status: z.string().min(1),
      /** where the amount is read, e.g. `rma.claimAmount` or `vars.eligibility.orderAmount` */
      amountVar: z.string().min(1),
      /** below this amount the request is approved at once (recorded as auto-approved) */
      autoApproveBelow: numberOrParamSchema.optional(),
      /**
       * the first level approves every amount that is not auto-approved; each further level joins
       * when the amount reaches its `minAmount` (so thresholds rise level by level)
       */
      levels: z
        .array(
          z
            .object({
              id,
              label: label.optional(),
              minAmount: numberOrParamSchema,
              role: z.string().min(1),
              group: z.string().min(1).optional(),
            })
            .strict(),
        )
        .min(1)
        .max(10),
      /**
       * JSON-Logic (or true): when it holds, no one approves twice and at least two people approve
       * (a single required level is asked twice) — refunds and price changes
       */
      distinctApprovers: logic.optional(),
      /** how the next approver is told (default: inbox / approval_requested) */
      notify: z
        .object({ channel: z.string().min(1), template: z.string().min(1) })
        .strict()
        .optional(),
    })
    .strict(),
  z
    .object({
      ...base,
      type: z.literal('subflow'),
      status: z.string().min(1),
      /** the kind of child flow; its default published flow runs unless `flowKey` names another */
      kind: z.enum(FLOW_KINDS),
      flowKey: id.optional(),
      input: z.record(z.string().min(1), logic).optional(),
      /** the child's outcome and result are kept as `vars.<resultVar>` ({ outcome, ...result }) */
      resultVar: name.optional(),
    })
    .strict(),
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
    /**
     * what makes the work leave a waiting node: an action, a timeout (fixed, or a flow parameter
     * in days/hours/minutes), or an outcome — `approved`/`rejected` of an approval, the child's
     * end status (or `*` for any other) of a subflow, `failed` of an action node's activity call
     */
    on: z
      .union([
        z.object({ action: z.string().min(1) }).strict(),
        z.object({ timeoutMinutes: minutes }).strict(),
        z.object({ timeoutParam: name, unit: z.enum(['minutes', 'hours', 'days']) }).strict(),
        z.object({ outcome: z.string().min(1) }).strict(),
      ])
      .optional(),
    /** JSON-Logic over { ticket, payload, actor, now }; on decision edges they are tried by `order` */
    condition: logic.optional(),
    order: z.number().int().min(0).max(1000).optional(),
    /** the decision's fallback when no condition holds */
    default: z.boolean().optional(),
    steps: z.array(flowStepSchema).optional(),
    /**
     * taking this edge first undoes what is owed, newest first, each once: all of it (true) or
     * only what these nodes did (e.g. a reschedule cancels the booking but keeps the parts)
     */
    compensate: z.union([z.literal(true), z.array(id).min(1)]).optional(),
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
    /** numbers admins tune without touching the graph (time limits, thresholds), read as `params.<name>` */
    params: z.record(name, z.union([z.number(), z.string().max(200), z.boolean()])).optional(),
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
