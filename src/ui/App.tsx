// The app shell: header, error, then the start screen, the progress of an open, or the
// open dump's views; the status bar says when the app is idle.
import { AppHeader } from './components/AppHeader';
import { ErrorBanner } from './components/ErrorBanner';
import { NavBar } from './components/NavBar';
import { ProgressPanel } from './components/ProgressPanel';
import { StartScreen } from './components/StartScreen';
import { StatusBar } from './components/StatusBar';
import { useHashRoute } from './routing/use-hash-route';
import { useAppStore } from './state/store';
import { ViewOutlet } from './views/ViewOutlet';

function MainContent() {
  const status = useAppStore((s) => s.status);
  const dump = useAppStore((s) => s.dump);
  const view = useAppStore((s) => s.view);
  if (status === 'opening') return <ProgressPanel />;
  if (!dump) return <StartScreen />;
  return (
    <div className="workspace">
      <NavBar />
      <ViewOutlet view={view} dump={dump} />
    </div>
  );
}

export function App() {
  useHashRoute();
  return (
    <div className="app">
      <AppHeader />
      <main className="app-main">
        <ErrorBanner />
        <MainContent />
      </main>
      <StatusBar />
    </div>
  );
}
