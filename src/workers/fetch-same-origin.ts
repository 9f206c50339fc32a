// Downloads a file from this app's own origin with byte progress. Anything else is refused:
// crashlens makes no request outside its origin.
import { CrashlensError } from '../analysis/errors';

declare const self: { location: { href: string; origin: string } };

export async function fetchSameOrigin(
  url: string,
  signal: AbortSignal,
  onProgress: (done: number, total: number) => void,
): Promise<Blob> {
  const target = new URL(url, self.location.href);
  if (target.origin !== self.location.origin) {
    throw new CrashlensError('UNSUPPORTED', `refusing to fetch ${target.href}: not this app's origin`);
  }
  const res = await fetch(target, { signal, credentials: 'same-origin' });
  if (!res.ok) throw new CrashlensError('UNSUPPORTED', `could not download ${target.pathname}: HTTP ${res.status}`);
  const total = Number(res.headers.get('content-length') ?? 0);
  if (!res.body) return res.blob();
  const reader = res.body.getReader();
  const chunks: Uint8Array<ArrayBuffer>[] = [];
  let done = 0;
  onProgress(0, total || 1);
  for (;;) {
    const { value, done: end } = await reader.read();
    if (end) break;
    chunks.push(value);
    done += value.byteLength;
    onProgress(done, Math.max(total, done));
  }
  onProgress(done, Math.max(done, 1));
  return new Blob(chunks);
}
