// The kernel log: virtualized lines fetched from the worker as they scroll into view,
// search and level filter. The search lives in the URL (#/log?q=…&levels=0,1,2,3).
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { LogQuery, OpenedDump } from '../../../workers/analysis-api';
import { replaceRoute } from '../../routing/use-hash-route';
import { useAppStore } from '../../state/store';
import { usePagedRows } from '../../virtual/use-paged-rows';
import { useVirtualWindow } from '../../virtual/use-virtual-window';
import { ask } from '../../worker/requests';
import { NotAvailable } from '../NotAvailable';
import { ViewHeading } from '../ViewHeading';
import { LogLineText } from './LogLineText';
import { LogToolbar } from './LogToolbar';

const LINE_HEIGHT = 20;

function parseLevels(s: string | undefined): number[] {
  return (s ?? '')
    .split(',')
    .filter((x) => /^[0-7]$/.test(x))
    .map(Number);
}

function LogLines({ query, total, onShown }: { query: LogQuery; total: number; onShown: (n: number | null) => void }) {
  const scroller = useRef<HTMLDivElement>(null);
  const [count, setCount] = useState(0);
  const win = useVirtualWindow(scroller, count, LINE_HEIGHT, 20);
  const fetch = useCallback((w: { offset: number; limit: number }) => ask((api) => api.queryLog(query, w)), [query]);
  const rows = usePagedRows(JSON.stringify(query), fetch, win);
  useEffect(() => {
    setCount(rows.total ?? 0);
    onShown(rows.total);
  }, [rows.total, onShown]);
  // A new search starts at the top; the whole log opens at its end, where the panic is.
  const atEnd = query.text === '' && query.levels.length === 0;
  const loaded = count > 0;
  useEffect(() => {
    const el = scroller.current;
    if (el && loaded) el.scrollTop = atEnd ? el.scrollHeight : 0;
  }, [loaded, atEnd]);
  return (
    <div ref={scroller} className="virtual-scroller log-scroller mono" tabIndex={0} role="log" aria-label={`Kernel log, ${total} lines`}>
      <div style={{ height: win.totalHeight, position: 'relative' }}>
        {Array.from({ length: win.end - win.start }, (_, k) => {
          const i = win.start + k;
          const line = rows.row(i);
          const style = { transform: `translateY(${i * LINE_HEIGHT}px)` };
          return line ? (
            <LogLineText key={i} line={line} query={query.text} style={style} />
          ) : (
            <div key={i} className="log-line muted" style={style}>
              …
            </div>
          );
        })}
      </div>
      {rows.total === 0 && <p className="muted empty-rows">No line matches.</p>}
      {rows.error && <p className="error-inline" role="alert">{rows.error}</p>}
    </div>
  );
}

export function LogView({ dump }: { dump: OpenedDump }) {
  const route = useAppStore((s) => s.route);
  const text = route.query.q ?? '';
  const levelsText = route.query.levels ?? '';
  const query = useMemo<LogQuery>(() => ({ text, levels: parseLevels(levelsText) }), [text, levelsText]);
  const [shown, setShown] = useState<number | null>(null);
  const total = dump.counts.logLines;
  const update = (patch: { q?: string; levels?: string }) =>
    replaceRoute({ ...route, query: { ...route.query, ...patch } });
  return (
    <section className="view view-fill" aria-label="Kernel log">
      <ViewHeading>Kernel log{total !== null ? ` (${total.toLocaleString('en-US')} lines)` : ''}</ViewHeading>
      {total === null ? (
        <NotAvailable what="The kernel log is" />
      ) : (
        <>
          <LogToolbar
            text={text}
            levels={query.levels}
            shown={shown}
            total={total}
            onText={(q) => update({ q })}
            onLevels={(l) => update({ levels: l.join(',') })}
          />
          <LogLines query={query} total={total} onShown={setShown} />
        </>
      )}
    </section>
  );
}
