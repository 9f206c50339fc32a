// The pages of memory the hex view shows, asked from the worker only when they scroll
// into view, one request per page, and kept while the space and dump stay the same.
import { useEffect, useRef, useState } from 'react';
import type { MemoryPage, MemorySpace } from '../../../workers/analysis-api';
import { ask } from '../../worker/requests';
import { hex } from './memory-math';

export type PageState = MemoryPage | { pending: true } | { error: string };

export function useMemoryPages(space: MemorySpace, pageSize: number, pages: bigint[]): Map<string, PageState> {
  const cache = useRef({ space, map: new Map<string, PageState>() });
  const [, setVersion] = useState(0);
  if (cache.current.space !== space) cache.current = { space, map: new Map() };
  const wanted = pages.map(hex).join(',');

  useEffect(() => {
    const c = cache.current;
    for (const address of wanted ? wanted.split(',') : []) {
      if (c.map.has(address)) continue;
      c.map.set(address, { pending: true });
      void ask((api) => api.readMemory(space, address as `0x${string}`, pageSize)).then((r) => {
        if (cache.current !== c) return;
        if (r.ok && r.value[0]) c.map.set(address, r.value[0]);
        else c.map.set(address, { error: r.ok ? 'no data' : r.error.message });
        setVersion((v) => v + 1);
      });
    }
  }, [space, pageSize, wanted]);

  return cache.current.map;
}

export function pageBytes(p: PageState | undefined): Uint8Array | null {
  return p && 'bytes' in p ? p.bytes : null;
}

/** Why a page has no bytes, in words: "excluded from the dump (dump level)", … */
export function pageProblem(p: PageState | undefined): string | null {
  if (!p || 'pending' in p) return null;
  if ('error' in p) return p.error;
  if (p.bytes) return null;
  switch (p.fault) {
    case 'excluded':
      return 'excluded page: makedumpfile left it out of the dump';
    case 'not-present':
      return 'not mapped (page-table entry not present, or no dump segment)';
    case 'hole':
      return 'memory hole: no RAM at this address';
    case 'beyond-dump':
      return 'beyond the end of the dump';
    case 'incomplete':
      return 'never written: the dump is incomplete';
    default:
      return p.message ?? 'unreadable';
  }
}
