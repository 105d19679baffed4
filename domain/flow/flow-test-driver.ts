import { flowDefinitionSchema, type FlowDefinition, type FlowDefinitionInput } from './flow-definition';
import { interpret, type FlowCommand, type FlowEvent, type FlowResult, type FlowState } from './flow-interpreter';

/**
 * Drives a flow the way a workflow shell does — feeds events, applies `set` results to the work
 * item, and remembers the commands — so tests read as the story of one piece of work.
 */
export class FlowDriver {
  readonly def: FlowDefinition;
  state: FlowState | null = null;
  work: Record<string, unknown>;
  last: FlowCommand[] = [];
  readonly all: FlowCommand[] = [];
  now = '2026-11-22T08:00:00.000Z';

  constructor(def: FlowDefinitionInput | FlowDefinition, work: Record<string, unknown>) {
    this.def = flowDefinitionSchema.parse(def);
    this.work = { ...work };
  }

  send(event: FlowEvent): FlowResult {
    const r = interpret(this.def, this.state, event, { work: this.work, now: this.now });
    this.state = r.state;
    this.work = { ...this.work, ...r.sets };
    this.last = r.commands;
    this.all.push(...r.commands);
    return r;
  }

  start(): FlowResult {
    return this.send({ type: 'start' });
  }

  act(action: string, payload: Record<string, unknown> = {}, actor = 'user:li', actorRoles?: string[]): FlowResult {
    return this.send({ type: 'action', action, payload, actor, ...(actorRoles ? { actorRoles } : {}) });
  }

  /** The activity the work waits for (fails the test's expectation loudly when it waits for none). */
  awaited(): { callId: string; activity: string } {
    const w = this.state?.waiting;
    if (w?.for !== 'activity') throw new Error(`not waiting for an activity at ${this.state?.nodeId}`);
    return { callId: w.callId, activity: w.activity };
  }

  /** Feeds the awaited activity's result, checking it is the activity the test expects. */
  result(activity: string, result: unknown = {}): FlowResult {
    const w = this.awaited();
    if (w.activity !== activity) throw new Error(`waiting for ${w.activity}, not ${activity}`);
    return this.send({ type: 'activity-result', callId: w.callId, result });
  }

  fail(activity: string, error = 'boom'): FlowResult {
    const w = this.awaited();
    if (w.activity !== activity) throw new Error(`waiting for ${w.activity}, not ${activity}`);
    return this.send({ type: 'activity-failed', callId: w.callId, error });
  }

  get status(): string {
    return this.state!.status;
  }

  /** The run-activity commands of the last event, as [activity, input, compensation?]. */
  activities(commands: FlowCommand[] = this.last): [string, Record<string, unknown>, boolean][] {
    return commands.flatMap((c) => (c.type === 'run-activity' ? [[c.activity, c.input, c.compensation === true]] : []));
  }

  /** The templates notified by the last event. */
  notified(commands: FlowCommand[] = this.last): string[] {
    return commands.flatMap((c) => (c.type === 'step' && c.step.do === 'notify' ? [c.step.template] : []));
  }
}
