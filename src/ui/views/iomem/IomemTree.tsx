// /proc/iomem as a tree: one entry per range, indented by depth, each with its size and a
// link to that physical memory.
import { useEffect, useRef } from 'react';
import type { ReportIomem } from '../../../analysis/report/report-types';
import { AddressLink } from '../backtrace/AddressLink';
import { iomemKind } from './iomem-kinds';
import { formatRange, formatSize } from './iomem-layout';

export function IomemTree({ entries, picked }: { entries: ReportIomem[]; picked: number | null }) {
  const list = useRef<HTMLOListElement>(null);
  useEffect(() => {
    if (picked === null) return;
    const el = list.current?.querySelector<HTMLElement>(`[data-index="${picked}"]`);
    el?.scrollIntoView({ block: 'nearest' });
    el?.focus();
  }, [picked]);
  return (
    <ol className="iomem-tree mono" ref={list} aria-label="I/O memory ranges">
      {entries.map((e, i) => (
        <li
          key={i}
          data-testid="iomem-entry"
          data-name={e.name}
          data-index={i}
          tabIndex={-1}
          className={`iomem-entry${picked === i ? ' iomem-picked' : ''}`}
          style={{ paddingLeft: `${e.depth * 1.5 + 0.5}rem` }}
          aria-level={e.depth + 1}
        >
          <span className={`legend-swatch iomem-${iomemKind(e.name)}`} aria-hidden="true" />
          <AddressLink address={e.start} space="physical" label={formatRange(e)} /> : {e.name}{' '}
          <span className="muted">({formatSize(e)})</span>
        </li>
      ))}
    </ol>
  );
}
