// A file dropped outside the drop zone would make the browser navigate to it and lose the
// app's state; this turns such drops into no-ops.
export function installDropGuard(): void {
  const stop = (e: DragEvent) => {
    if (e.dataTransfer?.types.includes('Files')) e.preventDefault();
  };
  window.addEventListener('dragover', stop);
  window.addEventListener('drop', stop);
}
