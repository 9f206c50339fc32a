// The physical address map as a picture: top-level ranges in one lane, their children
// (kernel image, Crash kernel, PCI devices) in a second lane inside them. Hover or focus
// a range for its details; click it to find it in the tree.
import { useMemo, useState } from 'react';
import type { ReportIomem } from '../../../analysis/report/report-types';
import { iomemKind, KIND_LABELS, type IomemKind } from './iomem-kinds';
import { formatRange, formatSize, layoutIomem, MAP_WIDTH, type MapBox, type Scale } from './iomem-layout';

const LANE = [40, 24];
const LANE_Y = [0, 46];

export function IomemMap({ entries, onPick }: { entries: ReportIomem[]; onPick: (index: number) => void }) {
  const [scale, setScale] = useState<Scale>('linear');
  const [hover, setHover] = useState<MapBox | null>(null);
  const { boxes, gaps } = useMemo(() => layoutIomem(entries, scale), [entries, scale]);
  const kinds = [...new Set(boxes.map((b) => iomemKind(b.entry.name)))] as IomemKind[];
  return (
    <figure className="iomem-map panel" data-testid="iomem-map">
      <figcaption className="iomem-map-head">
        <strong>Physical address map</strong>
        <span className="muted">holes between ranges are collapsed</span>
        <label className="inline-control">
          Scale{' '}
          <select value={scale} onChange={(e) => setScale(e.currentTarget.value as Scale)}>
            <option value="linear">proportional to size</option>
            <option value="log">logarithmic</option>
          </select>
        </label>
      </figcaption>
      <svg viewBox={`0 0 ${MAP_WIDTH} 72`} className="iomem-svg" role="group" aria-label="Physical address map">
        {boxes.map((b) => {
          const kind = iomemKind(b.entry.name);
          const label = `${b.entry.name}: ${formatRange(b.entry)} (${formatSize(b.entry)})`;
          return (
            <rect
              key={b.index}
              className={`iomem-box iomem-${kind}`}
              data-name={b.entry.name}
              x={b.x}
              y={LANE_Y[b.depth]}
              width={b.width}
              height={LANE[b.depth]}
              tabIndex={0}
              role="button"
              aria-label={label}
              onMouseEnter={() => setHover(b)}
              onFocus={() => setHover(b)}
              onClick={() => onPick(b.index)}
              onKeyDown={(e) => {
                if (e.key === 'Enter' || e.key === ' ') {
                  e.preventDefault();
                  onPick(b.index);
                }
              }}
            >
              <title>{label}</title>
            </rect>
          );
        })}
        {gaps.map((x) => (
          <path key={x} d={`M${x - 3} 0 L${x + 3} 13 L${x - 3} 26 L${x + 3} 40`} className="iomem-gap" />
        ))}
      </svg>
      <p className="iomem-hover mono" aria-live="polite" data-testid="iomem-hover">
        {hover ? `${hover.entry.name}  ${formatRange(hover.entry)}  ${formatSize(hover.entry)}` : 'Point at a range for its details.'}
      </p>
      <ul className="iomem-legend" aria-label="Legend">
        {kinds.map((k) => (
          <li key={k}>
            <span className={`legend-swatch iomem-${k}`} aria-hidden="true" /> {KIND_LABELS[k]}
          </li>
        ))}
      </ul>
    </figure>
  );
}
