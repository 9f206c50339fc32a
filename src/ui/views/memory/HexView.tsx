// The hex view (data-testid hex-view): WINDOW_BYTES of memory around the target address,
// virtualized by rows; only the pages of the visible rows are asked from the worker.
// An optional struct layout colours the bytes by member and names each member where it
// starts.
import { useEffect, useMemo, useRef } from 'react';
import type { MemorySpace, StructLayoutInfo } from '../../../workers/analysis-api';
import { useVirtualWindow } from '../../virtual/use-virtual-window';
import { HexRow, type RowMembers } from './HexRow';
import { hex, isKernelPointer, pageOf, readU64, ROW_BYTES, WINDOW_BYTES, windowStart } from './memory-math';
import { pageBytes, pageProblem, useMemoryPages } from './use-memory-pages';
import { useSymbols } from './use-symbols';

const ROW_HEIGHT = 22;
const ROWS = WINDOW_BYTES / ROW_BYTES;

/** Per byte of the struct, the index of the member covering it; per offset, the members starting there. */
interface MemberMap {
  size: number;
  byByte: Int32Array;
  starts: Map<number, string[]>;
}

function memberMap(layout: StructLayoutInfo): MemberMap {
  const byByte = new Int32Array(layout.size).fill(-1);
  const starts = new Map<number, string[]>();
  layout.members.forEach((m, idx) => {
    byByte.fill(idx, m.offset, Math.min(layout.size, m.offset + Math.max(1, m.size)));
    if (m.bitOffset === null || m.bitOffset === 0) {
      starts.set(m.offset, [...(starts.get(m.offset) ?? []), `+0x${m.offset.toString(16)} ${m.name}`]);
    }
  });
  return { size: layout.size, byByte, starts };
}

function membersOfRow(map: MemberMap | null, base: bigint, row: bigint): RowMembers | null {
  if (!map) return null;
  const rel = Number(row - base);
  if (rel + ROW_BYTES <= 0 || rel >= map.size) return null;
  const byByte: number[] = [];
  const starts: string[] = [];
  for (let i = 0; i < ROW_BYTES; i++) {
    const off = rel + i;
    byByte.push(off >= 0 && off < map.size ? map.byByte[off]! : -1);
    starts.push(...(map.starts.get(off) ?? []));
  }
  return { byByte, starts };
}

export function HexView({
  space,
  target,
  pageSize,
  layout,
  symbolsEnabled,
}: {
  space: MemorySpace;
  target: bigint;
  pageSize: number;
  layout: StructLayoutInfo | null;
  symbolsEnabled: boolean;
}) {
  const scroller = useRef<HTMLDivElement>(null);
  const start = windowStart(target);
  const win = useVirtualWindow(scroller, ROWS, ROW_HEIGHT, 6);
  const targetRow = Number((target - start) / BigInt(ROW_BYTES));
  const members = useMemo(() => (layout ? memberMap(layout) : null), [layout]);

  useEffect(() => {
    const el = scroller.current;
    if (el) el.scrollTop = Math.max(0, (targetRow - 2) * ROW_HEIGHT);
  }, [targetRow, start]);

  const rowAddress = (i: number) => start + BigInt(i * ROW_BYTES);
  const pages = useMemo(() => {
    const set = new Map<string, bigint>();
    for (let i = win.start; i < win.end; i += 1) {
      const p = pageOf(start + BigInt(i * ROW_BYTES), pageSize);
      set.set(hex(p), p);
    }
    return [...set.values()];
  }, [win.start, win.end, start, pageSize]);
  const loaded = useMemoryPages(space, pageSize, pages);

  const rowBytes = (i: number): { bytes: Uint8Array | null; problem: string | null } => {
    const a = rowAddress(i);
    const page = loaded.get(hex(pageOf(a, pageSize)));
    const bytes = pageBytes(page);
    if (!bytes) return { bytes: null, problem: pageProblem(page) };
    const off = Number(a - pageOf(a, pageSize));
    return { bytes: bytes.subarray(off, off + ROW_BYTES), problem: null };
  };

  const pointers: string[] = [];
  if (space === 'virtual') {
    for (let i = win.start; i < win.end; i++) {
      const { bytes } = rowBytes(i);
      for (const off of [0, 8]) {
        const w = bytes ? readU64(bytes, off) : null;
        if (w !== null && isKernelPointer(w)) pointers.push(hex(w));
      }
    }
  }
  const symbols = useSymbols(pointers, symbolsEnabled);

  return (
    <div
      ref={scroller}
      className="virtual-scroller hex-scroller mono"
      data-testid="hex-view"
      data-space={space}
      tabIndex={0}
      role="region"
      aria-label={`${space === 'physical' ? 'Physical' : 'Virtual'} memory from ${hex(start)}; the target ${hex(target)} is highlighted`}
    >
      <div style={{ height: win.totalHeight, position: 'relative' }}>
        {Array.from({ length: win.end - win.start }, (_, k) => {
          const i = win.start + k;
          const { bytes, problem } = rowBytes(i);
          return (
            <HexRow
              key={i}
              address={rowAddress(i)}
              bytes={bytes}
              problem={problem}
              top={i * ROW_HEIGHT}
              height={ROW_HEIGHT}
              isTarget={i === targetRow}
              space={space}
              members={membersOfRow(members, target, rowAddress(i))}
              symbols={symbols}
            />
          );
        })}
      </div>
    </div>
  );
}
