// Symbols for the pointer-looking words on screen, asked from the worker in one batch per
// change of what is visible, and remembered.
import { useEffect, useRef, useState } from 'react';
import { ask } from '../../worker/requests';

export function useSymbols(addresses: string[], enabled: boolean): Map<string, string | null> {
  const known = useRef(new Map<string, string | null>());
  const [, setVersion] = useState(0);
  const missing = enabled ? [...new Set(addresses)].filter((a) => !known.current.has(a)) : [];
  const key = missing.join(',');
  useEffect(() => {
    if (!key) return;
    const batch = key.split(',') as Array<`0x${string}`>;
    for (const a of batch) known.current.set(a, null);
    void ask((api) => api.symbolize(batch)).then((r) => {
      if (!r.ok) return;
      batch.forEach((a, i) => known.current.set(a, r.value[i] ?? null));
      setVersion((v) => v + 1);
    });
  }, [key]);
  return known.current;
}
