import { useEffect, useRef, useState } from 'react';
import { maintenanceApi, type MaintenancePlan, type PlanSchedule } from '../api/maintenance-client';
import { FilterSelect } from '../components/filter-select';
import { ListFoot } from '../components/list-foot';
import { cycleText, PlanStatusChip, PlanTargetText } from '../components/maintenance-labels';
import { useI18n } from '../i18n';
import { showFlash } from '../lib/flash';
import { formatDateTime } from '../lib/format';
import { href, navigate } from '../lib/hash-route';
import { problemMessage } from '../lib/problem-message';
import { usePagedList } from '../lib/use-paged-list';

/** Plans whose schedule is asked for at the same time: each one is a call to Temporal. */
const DESCRIBE_CONCURRENCY = 3;
const NEXT_RUNS_SHOWN = 3;

type ScheduleState = { kind: 'failed'; message: string } | { kind: 'ok'; schedule: PlanSchedule | null };

/**
 * Preventive maintenance plans: what each covers, its cycle, its next runs (from the Temporal
 * Schedule, asked per plan) and whether it is paused, with pause / resume / skip next / run now.
 */
export function MaintenancePlansPage({ params }: { params: URLSearchParams }) {
  const { t, lang } = useI18n();
  const status = ['active', 'paused'].includes(params.get('status') ?? '') ? params.get('status')! : '';
  const triggerType = ['cycle', 'condition'].includes(params.get('triggerType') ?? '') ? params.get('triggerType')! : '';
  const list = usePagedList<MaintenancePlan>(
    `${status}|${triggerType}`,
    ({ cursor, signal }) => maintenanceApi.list({ status: status || undefined, triggerType: triggerType || undefined }, { cursor, signal }),
    (p) => p.id,
  );
  // rows changed by an action since the list was loaded, with the schedule the action answered
  const [changed, setChanged] = useState<Record<string, MaintenancePlan>>({});
  const [schedules, setSchedules] = useState<Record<string, ScheduleState>>({});
  const [busyId, setBusyId] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  // The list has no next run times; describe the plans shown, a few at a time. `asked` holds the
  // plans asked for and not given up on, so loading another page asks only for the new ones.
  const asked = useRef(new Set<string>());
  useEffect(() => {
    const todo = list.items.filter((p) => p.trigger.type === 'cycle' && !asked.current.has(p.id)).map((p) => p.id);
    if (todo.length === 0) return;
    todo.forEach((id) => asked.current.add(id));
    const answered = new Set<string>();
    const ctrl = new AbortController();
    let next = 0;
    const worker = async () => {
      while (next < todo.length && !ctrl.signal.aborted) {
        const id = todo[next++]!;
        try {
          const plan = await maintenanceApi.get(id, ctrl.signal);
          setSchedules((s) => ({ ...s, [id]: { kind: 'ok', schedule: plan.schedule ?? null } }));
        } catch (err) {
          if (ctrl.signal.aborted) return;
          setSchedules((s) => ({ ...s, [id]: { kind: 'failed', message: problemMessage(err, t) } }));
        }
        answered.add(id);
      }
    };
    void Promise.all(Array.from({ length: DESCRIBE_CONCURRENCY }, worker));
    return () => {
      ctrl.abort();
      for (const id of todo) if (!answered.has(id)) asked.current.delete(id);
    };
  }, [list.items]);

  const update = (patch: { status?: string; triggerType?: string }) => {
    const next = { status, triggerType, ...patch };
    const p = new URLSearchParams();
    if (next.status) p.set('status', next.status);
    if (next.triggerType) p.set('triggerType', next.triggerType);
    navigate(href.maintenance(p), { replace: true });
  };

  const reload = () => {
    setChanged({});
    setSchedules({});
    asked.current.clear();
    setError(null);
    list.reload();
  };

  const act = async (plan: MaintenancePlan, action: 'pause' | 'resume' | 'skip' | 'trigger') => {
    if (busyId) return;
    if (action === 'skip' && !window.confirm(t('mnt.confirmSkip', { name: plan.name }))) return;
    if (action === 'trigger' && !window.confirm(t('mnt.confirmTrigger', { name: plan.name }))) return;
    setBusyId(plan.id);
    setError(null);
    try {
      if (action === 'trigger') {
        await maintenanceApi.trigger(plan.id);
        showFlash('success', t('mnt.triggered', { name: plan.name }));
        return;
      }
      let updated: MaintenancePlan;
      if (action === 'skip') {
        const answer = await maintenanceApi.skipNext(plan.id);
        updated = answer.plan;
        showFlash('success', t('mnt.skipped', { time: formatDateTime(answer.skipped, lang) }));
      } else {
        updated = await maintenanceApi.setPaused(plan.id, action === 'pause');
        showFlash('success', t(action === 'pause' ? 'mnt.paused' : 'mnt.resumed', { name: updated.name }));
      }
      setChanged((c) => ({ ...c, [plan.id]: updated }));
      if (updated.schedule !== undefined) setSchedules((s) => ({ ...s, [plan.id]: { kind: 'ok', schedule: updated.schedule ?? null } }));
    } catch (err) {
      setError(`${plan.name}: ${problemMessage(err, t)}`);
    } finally {
      setBusyId(null);
    }
  };

  const nextRuns = (plan: MaintenancePlan) => {
    if (plan.trigger.type !== 'cycle') return <span className="muted">{t('mnt.onCondition')}</span>;
    const s = schedules[plan.id];
    if (!s) return <span className="muted">{t('common.loading')}</span>;
    if (s.kind === 'failed') return <span className="field-error">{s.message}</span>;
    const sched = s.schedule;
    if (!sched || sched.error) return <span className="field-error">{sched?.error ?? t('mnt.noSchedule')}</span>;
    if (sched.exists === false) return <span className="field-error">{t('mnt.noSchedule')}</span>;
    const times = (sched.nextRunTimes ?? []).slice(0, NEXT_RUNS_SHOWN);
    if (times.length === 0) return <span className="muted">{t('mnt.noNextRun')}</span>;
    return (
      <ol className={`mnt-next${sched.paused ? ' is-paused' : ''}`} title={sched.paused ? t('mnt.nextWhilePaused') : undefined}>
        {times.map((x) => (
          <li key={x} className="nowrap">
            {formatDateTime(x, lang)}
          </li>
        ))}
      </ol>
    );
  };

  return (
    <section className="page">
      <div className="page-head">
        <div>
          <h1>{t('mnt.title')}</h1>
          <p className="page-sub">{t('mnt.subtitle')}</p>
        </div>
        <div className="page-head-actions">
          <button type="button" className="btn" onClick={reload} disabled={list.loading}>
            {t('common.refresh')}
          </button>
          <a className="btn btn-primary" href={href.newMaintenancePlan()}>
            + {t('mnt.new')}
          </a>
        </div>
      </div>

      <div className="filters card">
        <FilterSelect
          id="mnt-status"
          label={t('mnt.col.status')}
          value={status}
          options={[
            { value: 'active', label: t('mnt.status.active') },
            { value: 'paused', label: t('mnt.status.paused') },
          ]}
          onChange={(v) => update({ status: v })}
        />
        <FilterSelect
          id="mnt-trigger"
          label={t('mnt.triggerType')}
          value={triggerType}
          options={[
            { value: 'cycle', label: t('mnt.trigger.cycle') },
            { value: 'condition', label: t('mnt.trigger.condition') },
          ]}
          onChange={(v) => update({ triggerType: v })}
        />
      </div>

      {(error ?? list.error) && (
        <div className="alert alert-error" role="alert">
          <span>{error ?? list.error}</span>
          <button type="button" className="btn btn-sm" onClick={reload}>
            {t('common.retry')}
          </button>
        </div>
      )}

      <div className={`card table-card${list.loading ? ' is-loading' : ''}`}>
        <table className="records mnt-plans">
          <thead>
            <tr>
              <th>{t('mnt.col.plan')}</th>
              <th>{t('mnt.col.target')}</th>
              <th>{t('mnt.col.cycle')}</th>
              <th>{t('mnt.col.next')}</th>
              <th>{t('mnt.col.status')}</th>
              <th>{t('mnt.col.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {list.items.map((listed) => {
              const plan = changed[listed.id] ?? listed;
              const busy = busyId === plan.id;
              return (
                <tr key={plan.id} data-plan={plan.id} className={plan.status === 'paused' ? 'is-paused' : undefined}>
                  <td className="cell-head">
                    <span className="record-title">{plan.name}</span>
                    <span className="mono muted record-id">{plan.id}</span>
                  </td>
                  <td data-label={t('mnt.col.target')}>
                    <PlanTargetText plan={plan} />
                  </td>
                  <td data-label={t('mnt.col.cycle')}>{cycleText(plan.trigger, t)}</td>
                  <td data-label={t('mnt.col.next')} className="mnt-next-cell">
                    {nextRuns(plan)}
                  </td>
                  <td data-label={t('mnt.col.status')}>
                    <PlanStatusChip status={plan.status} />
                    {plan.status === 'paused' && plan.statusNote && <span className="muted mnt-note">{plan.statusNote}</span>}
                  </td>
                  <td className="cell-action">
                    <span className="mnt-actions">
                      {plan.status === 'paused' ? (
                        <button type="button" className="btn btn-sm" disabled={busy} onClick={() => void act(plan, 'resume')}>
                          {t('mnt.resume')}
                        </button>
                      ) : (
                        <button type="button" className="btn btn-sm" disabled={busy} onClick={() => void act(plan, 'pause')}>
                          {t('mnt.pause')}
                        </button>
                      )}
                      {plan.trigger.type === 'cycle' && (
                        <button type="button" className="btn btn-sm" disabled={busy} onClick={() => void act(plan, 'skip')}>
                          {t('mnt.skip')}
                        </button>
                      )}
                      <button type="button" className="btn btn-sm" disabled={busy} onClick={() => void act(plan, 'trigger')}>
                        {t('mnt.trigger')}
                      </button>
                    </span>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
        {list.loading && list.items.length === 0 && <p className="table-empty">{t('common.loading')}</p>}
        {!list.loading && !list.error && list.items.length === 0 && <p className="table-empty">{t('mnt.empty')}</p>}
      </div>
      <ListFoot count={list.items.length} hasMore={Boolean(list.nextCursor)} busy={list.loadingMore} onMore={list.loadMore} />
    </section>
  );
}
