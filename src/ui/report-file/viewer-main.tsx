// Entry of the single-HTML report viewer (dist/report-viewer.html): the app's views over
// the report embedded in the page, with no worker, no network and no service worker.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from '../App';
import { installDropGuard } from '../drop-guard';
import '../styles/app.css';
import '../styles/views.css';
import { openFiles } from '../state/session-actions';
import { embeddedReport } from './viewer-template';
import { enterViewerMode } from './viewer-mode';

enterViewerMode(document);
installDropGuard();
const json = embeddedReport(document);
if (json)
  openFiles([
    new File(
      [json],
      decodeURIComponent(location.pathname.split('/').pop() || '') || 'report.crashlens.html',
      { type: 'application/json' },
    ),
  ]);

const root = document.getElementById('root');
if (!root) throw new Error('the report viewer has no #root element');
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
