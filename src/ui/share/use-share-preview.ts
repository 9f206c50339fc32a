// The share dialog's data: what the report holds that can be removed (asked once), and
// the preview of exactly what would be shared for the current choices (asked again as
// they change, the last answer wins). Requests count as pending work, so app-idle waits
// for the preview shown to be the one of the choices shown.
import { useEffect, useState } from 'react';
import type {
  SessionError,
  ShareFacts,
  SharePreview,
  ShareRequest,
} from '../../workers/analysis-api';
import { ask } from '../worker/requests';

export function useShareFacts(): { facts: ShareFacts | null; error: SessionError | null } {
  const [state, setState] = useState<{ facts: ShareFacts | null; error: SessionError | null }>({
    facts: null,
    error: null,
  });
  useEffect(() => {
    let live = true;
    void ask((api) => api.shareFacts()).then((r) => {
      if (live) setState(r.ok ? { facts: r.value, error: null } : { facts: null, error: r.error });
    });
    return () => {
      live = false;
    };
  }, []);
  return state;
}

export function useSharePreview(request: ShareRequest | null): {
  preview: SharePreview | null;
  error: SessionError | null;
} {
  const [state, setState] = useState<{ preview: SharePreview | null; error: SessionError | null }>({
    preview: null,
    error: null,
  });
  const key = JSON.stringify(request);
  useEffect(() => {
    if (!request) return;
    let live = true;
    void ask((api) => api.sharePreview(request)).then((r) => {
      if (live)
        setState(r.ok ? { preview: r.value, error: null } : { preview: null, error: r.error });
    });
    return () => {
      live = false;
    };
    // `key` stands for `request`: a new object with the same choices asks nothing new.
  }, [key]);
  return state;
}
