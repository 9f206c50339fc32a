// The layout of the struct laid over the bytes, asked from the worker by name.
import { useEffect, useState } from 'react';
import type { StructLayoutInfo } from '../../../workers/analysis-api';
import { ask } from '../../worker/requests';

export type LayoutState = { name: string; layout: StructLayoutInfo | null; error: string | null } | null;

export function useStructLayout(name: string | undefined): LayoutState {
  const [state, setState] = useState<LayoutState>(null);
  useEffect(() => {
    if (!name) return;
    let live = true;
    void ask((api) => api.structLayout(name)).then((r) => {
      if (live) setState({ name, layout: r.ok ? r.value : null, error: r.ok ? null : r.error.message });
    });
    return () => {
      live = false;
    };
  }, [name]);
  return name && state?.name === name ? state : null;
}
