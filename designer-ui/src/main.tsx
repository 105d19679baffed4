import { lazy, StrictMode, Suspense } from 'react';
import { createRoot } from 'react-dom/client';
import './styles.css';

// Each area is its own chunk: a phone opening /h5/… never downloads the console (or its flow
// designer and map), and the console does not carry the phone pages.
const App = lazy(() => import('./app').then((m) => ({ default: m.App })));
const H5App = lazy(() => import('./h5/h5-app').then((m) => ({ default: m.H5App })));
const EngineerApp = lazy(() => import('./h5/engineer/engineer-app'));

const path = window.location.pathname;

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <Suspense fallback={null}>
      {/* The engineer's phone pages (/h5/engineer), the customer's (no sign-in, /h5/…); everything else is the console. */}
      {path === '/h5/engineer' || path.startsWith('/h5/engineer/') ? <EngineerApp /> : path.startsWith('/h5/') ? <H5App /> : <App />}
    </Suspense>
  </StrictMode>,
);
