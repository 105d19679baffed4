import { useEffect, useState } from 'react';
import { ApiError } from '../../api/client';
import { engineerApi, type TaskItem } from './engineer-client';
import { cstDate, cstTime, useT } from './engineer-i18n';
import { NavLinks } from './nav-menu';
import { TaskMap } from './task-map';

const DAYS = 3;
const todayCst = () => new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);

/** Today's tasks and the next days', as a list (by day, earliest first) or as points on a plot. */
export function TaskListView({ onOpen, date }: { onOpen: (visitId: string) => void; date?: string }) {
  const { t } = useT();
  const [view, setView] = useState<'list' | 'map'>('list');
  const [tasks, setTasks] = useState<TaskItem[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [reload, setReload] = useState(0);
  const from = date ?? todayCst();

  useEffect(() => {
    let live = true;
    setError(null);
    engineerApi
      .myVisits(from, DAYS)
      .then((items) => live && setTasks(items))
      .catch((err: unknown) => {
        if (!live) return;
        if (err instanceof ApiError && err.problem?.code === 'no_engineer_link') setError(t('notLinked'));
        else setError(err instanceof ApiError && err.problem?.detail ? err.problem.detail : t('networkError'));
      });
    return () => {
      live = false;
    };
  }, [from, reload]);

  const days = new Map<string, TaskItem[]>();
  for (const task of tasks ?? []) {
    // visits still open from earlier days count as today's
    const d = cstDate(task.windowStart) < from ? from : cstDate(task.windowStart);
    days.set(d, [...(days.get(d) ?? []), task]);
  }

  return (
    <section aria-labelledby="eng-tasks-title">
      <div className="eng-row eng-spread">
        <h1 id="eng-tasks-title" className="eng-title">
          {t('myTasks')}
        </h1>
        <div className="eng-tabs" role="group">
          <button type="button" aria-pressed={view === 'list'} onClick={() => setView('list')}>
            {t('list')}
          </button>
          <button type="button" aria-pressed={view === 'map'} onClick={() => setView('map')}>
            {t('map')}
          </button>
        </div>
      </div>
      {error && (
        <p className="eng-error" role="alert">
          {error}{' '}
          <button type="button" className="eng-link" onClick={() => setReload((n) => n + 1)}>
            {t('retry')}
          </button>
        </p>
      )}
      {!tasks && !error && <p>{t('loading')}</p>}
      {tasks && tasks.length === 0 && <p>{t('noTasks')}</p>}
      {tasks && tasks.length > 0 && view === 'map' && <TaskMap tasks={tasks} onOpen={onOpen} />}
      {tasks &&
        view === 'list' &&
        [...days].map(([day, items]) => (
          <div key={day}>
            <h2 className="eng-day">{day === from && !date ? `${t('today')} ${day}` : day}</h2>
            <ul className="eng-tasks">
              {items.map((task) => (
                <li key={task.visitId} className="h5-card eng-task" data-visit={task.visitId}>
                  <button type="button" className="eng-task-open" onClick={() => onOpen(task.visitId)}>
                    <span className="eng-task-time">
                      {cstTime(task.windowStart)}–{cstTime(task.windowEnd)}
                    </span>
                    <span className="eng-row">
                      <span className={`eng-badge eng-purpose-${task.purpose}`}>{t(`purpose_${task.purpose}`)}</span>
                      <span className="eng-badge">{t(`status_${task.status}`)}</span>
                    </span>
                    <span className="eng-task-address">{task.address ?? task.visitId}</span>
                    {task.description && <span className="eng-task-desc">{task.description}</span>}
                  </button>
                  {task.lat !== null && task.lng !== null && (
                    <NavLinks target={{ lat: task.lat, lng: task.lng, name: task.address ?? task.visitId }} />
                  )}
                </li>
              ))}
            </ul>
          </div>
        ))}
    </section>
  );
}
