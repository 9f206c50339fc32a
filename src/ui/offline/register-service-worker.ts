// Registers the service worker that keeps the app shell for offline use (production
// builds only: the dev server's modules change on every edit). It caches the app's own
// files and the public sample — never a dump the user opens, which is never fetched.
export function registerServiceWorker(): void {
  if (!import.meta.env.PROD || !('serviceWorker' in navigator)) return;
  window.addEventListener('load', () => {
    navigator.serviceWorker.register(new URL('sw.js', document.baseURI), { scope: './' }).catch((e: unknown) => {
      console.warn('crashlens: offline support is unavailable:', e);
    });
  });
}
