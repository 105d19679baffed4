import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app';
import { H5App } from './h5/h5-app';
import './styles.css';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    {/* The customer's phone pages (no sign-in) live under /h5/; everything else is the console. */}
    {window.location.pathname.startsWith('/h5/') ? <H5App /> : <App />}
  </StrictMode>,
);
