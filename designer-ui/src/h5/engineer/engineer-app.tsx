import { useEffect, useState, useSyncExternalStore } from 'react';
import { api, clearToken, getMe, isSignedIn, setUnauthorizedHandler, type Me } from '../../api/client';
import { setEngineerFor, uploadToVisit } from './engineer-client';
import { useT } from './engineer-i18n';
import { SignInView } from './sign-in-view';
import { TaskListView } from './task-list-view';
import { TaskPage } from './task-page';
import { UploadQueue } from './upload-queue';
import './engineer.css';

/** One queue per tab: it outlives page changes, so uploads go on while the engineer moves about. */
const queue = new UploadQueue((item) => uploadToVisit(item.visitId, item, item.id));

const routeOf = () => /^#\/visits\/(VS-[0-9A-Z-]+)$/.exec(window.location.hash)?.[1] ?? null;

function useOnline(): boolean {
  return useSyncExternalStore(
    (l) => {
      window.addEventListener('online', l);
      window.addEventListener('offline', l);
      return () => {
        window.removeEventListener('online', l);
        window.removeEventListener('offline', l);
      };
    },
    () => navigator.onLine,
  );
}

/**
 * The field engineer's phone pages at /h5/engineer (issue 8 item 3): sign in, my tasks (list or
 * map), one task at #/visits/<id>. Loaded as its own chunk, without the console.
 */
export default function EngineerApp() {
  const { t, toggle } = useT();
  const [me, setMeState] = useState<Me | null>(isSignedIn() ? getMe() : null);
  const [visitId, setVisitId] = useState(routeOf());
  const online = useOnline();
  const queued = useSyncExternalStore(queue.subscribe, queue.snapshot).filter((q) => !q.refused).length;

  useEffect(() => {
    setUnauthorizedHandler(() => setMeState(null));
    const onHash = () => setVisitId(routeOf());
    window.addEventListener('hashchange', onHash);
    // a reload keeps the session cookie: ask who it is
    if (isSignedIn() && !getMe()) api.me().then(setMeState, () => setMeState(null));
    return () => window.removeEventListener('hashchange', onHash);
  }, []);

  useEffect(() => {
    if (me) void queue.start();
  }, [me]);

  const signOut = async () => {
    await api.signOut();
    clearToken();
    setEngineerFor(null);
    setMeState(null);
  };

  return (
    <div className="h5 eng">
      <header className="h5-bar">
        <span>{t('brand')}</span>
        <span className="eng-row">
          {me && <span className="eng-who">{me.displayName}</span>}
          <button type="button" className="h5-lang" onClick={toggle}>
            {t('language')}
          </button>
          {me && (
            <button type="button" className="h5-lang" onClick={signOut}>
              {t('signOut')}
            </button>
          )}
        </span>
      </header>
      {(!online || queued > 0) && (
        <p className="eng-banner" role="status" data-testid="net-banner">
          {!online && t('offline')} {queued > 0 && <span data-testid="queue-banner">{t('queued', { n: queued })}</span>}
        </p>
      )}
      <main>
        {!me ? (
          <SignInView onSignedIn={setMeState} />
        ) : visitId ? (
          <>
            <a className="eng-back" href="#/">
              ← {t('back')}
            </a>
            <TaskPage key={visitId} visitId={visitId} queue={queue} />
          </>
        ) : (
          <TaskListView
            date={new URLSearchParams(window.location.search).get('date') ?? undefined}
            onOpen={(id) => (window.location.hash = `#/visits/${id}`)}
          />
        )}
      </main>
    </div>
  );
}
