// Where each iomem range goes on the map. Top-level ranges are laid out left to right,
// each as wide as its size (or log2 of it), with the holes between them collapsed to a
// small break: the physical map of a small VM spans a terabyte, mostly empty. Nested
// ranges are placed inside their parent, linearly.
import type { ReportIomem } from '../../../analysis/report/report-types';

export type Scale = 'linear' | 'log';

export interface MapBox {
  entry: ReportIomem;
  index: number;
  x: number;
  width: number;
  depth: number;
}

export const MAP_WIDTH = 1000;
const GAP = 8;
const MIN_WIDTH = 3;

const size = (e: ReportIomem) => BigInt(e.end) - BigInt(e.start) + 1n;

export function layoutIomem(entries: readonly ReportIomem[], scale: Scale): { boxes: MapBox[]; gaps: number[] } {
  const top = entries.map((entry, index) => ({ entry, index })).filter((t) => t.entry.depth === 0);
  const weight = (e: ReportIomem) => (scale === 'log' ? Math.log2(Number(size(e)) + 1) : Number(size(e)));
  const totalWeight = top.reduce((n, t) => n + weight(t.entry), 0) || 1;
  let holes = 0;
  for (let i = 1; i < top.length; i++) if (BigInt(top[i]!.entry.start) > BigInt(top[i - 1]!.entry.end) + 1n) holes++;
  const room = MAP_WIDTH - holes * GAP - top.length * MIN_WIDTH;
  const boxes: MapBox[] = [];
  const gaps: number[] = [];
  let x = 0;
  top.forEach((t, i) => {
    const prev = top[i - 1];
    if (prev && BigInt(t.entry.start) > BigInt(prev.entry.end) + 1n) {
      gaps.push(x + GAP / 2);
      x += GAP;
    }
    const width = MIN_WIDTH + (Math.max(room, 0) * weight(t.entry)) / totalWeight;
    boxes.push({ entry: t.entry, index: t.index, x, width, depth: 0 });
    x += width;
  });
  // Children of depth 1, linearly inside their parent's box.
  let parent: MapBox | undefined;
  entries.forEach((entry, index) => {
    if (entry.depth === 0) parent = boxes.find((b) => b.index === index);
    if (entry.depth !== 1 || !parent) return;
    const pStart = BigInt(parent.entry.start);
    const pSize = Number(size(parent.entry));
    const offset = Number(BigInt(entry.start) - pStart);
    const w = Math.max(MIN_WIDTH - 1, (parent.width * Number(size(entry))) / pSize);
    boxes.push({ entry, index, x: parent.x + (parent.width * offset) / pSize, width: w, depth: 1 });
  });
  return { boxes, gaps };
}

export function formatSize(e: ReportIomem): string {
  let v = Number(size(e));
  const units = ['bytes', 'KiB', 'MiB', 'GiB', 'TiB'];
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return `${Number.isInteger(v) ? v : v.toFixed(1)} ${units[u]}`;
}

/** The range as /proc/iomem prints it: "00100000-3ffdcfff". */
export function formatRange(e: ReportIomem): string {
  const pad = (h: string) => h.replace(/^0x/, '').padStart(8, '0');
  return `${pad(e.start)}-${pad(e.end)}`;
}
