// Rows that live in the worker, fetched in blocks as they scroll into view. The cache
// belongs to one query (its key); a new key starts over. Blocks in flight are not asked
// for twice, and an answer for an old key is dropped.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { RowPage, RowWindow, WorkerResult } from '../../workers/analysis-api';

const BLOCK = 200;

export interface PagedRows<T> {
  /** Rows matching the query; null until the first answer. */
  total: number | null;
  row(index: number): T | undefined;
  error: string | null;
}

export function usePagedRows<T>(
  queryKey: string,
  fetch: (w: RowWindow) => Promise<WorkerResult<RowPage<T>>>,
  range: { start: number; end: number },
): PagedRows<T> {
  const cache = useRef({ key: '', blocks: new Map<number, T[]>(), inflight: new Set<number>() });
  const [state, setState] = useState<{ key: string; total: number | null; version: number; error: string | null }>({
    key: queryKey,
    total: null,
    version: 0,
    error: null,
  });
  if (cache.current.key !== queryKey) cache.current = { key: queryKey, blocks: new Map(), inflight: new Set() };
  const fetchRef = useRef(fetch);
  fetchRef.current = fetch;

  const load = useCallback(
    (block: number) => {
      const c = cache.current;
      if (c.blocks.has(block) || c.inflight.has(block)) return;
      c.inflight.add(block);
      void fetchRef.current({ offset: block * BLOCK, limit: BLOCK }).then((r) => {
        if (cache.current !== c) return;
        c.inflight.delete(block);
        if (!r.ok) {
          setState((s) => ({ ...s, key: c.key, error: r.error.message }));
          return;
        }
        c.blocks.set(block, r.value.rows);
        setState((s) => ({ key: c.key, total: r.value.total, version: s.version + 1, error: null }));
      });
    },
    [],
  );

  const first = Math.floor(range.start / BLOCK);
  const last = Math.floor(Math.max(range.start, range.end - 1) / BLOCK);
  useEffect(() => {
    for (let b = first; b <= last; b++) load(b);
  }, [queryKey, first, last, load]);

  const current = state.key === queryKey;
  const blocks = cache.current.blocks;
  return {
    total: current ? state.total : null,
    error: current ? state.error : null,
    row: (i) => blocks.get(Math.floor(i / BLOCK))?.[i % BLOCK],
  };
}
