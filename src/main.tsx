// Web app entry: mounts the React app. All dump parsing happens in the analysis worker.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './ui/App';
import { installDropGuard } from './ui/drop-guard';
import './ui/styles/app.css';
import './ui/styles/views.css';
import { registerServiceWorker } from './ui/offline/register-service-worker';
import { openPermalinkFromLocation } from './ui/share/permalink-boot';

installDropGuard();
registerServiceWorker();
openPermalinkFromLocation();

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
