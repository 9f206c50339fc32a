// One row of the hex view: address, 16 bytes, their ASCII, and notes — the struct members
// that start in the row, and for each pointer-looking 64-bit word its symbol and a link
// that follows it.
import type { MemorySpace } from '../../../workers/analysis-api';
import { memoryHref } from '../../routing/route';
import { hex, isKernelPointer, readU64, ROW_BYTES } from './memory-math';

export interface RowMembers {
  /** Member index per byte of the row (-1: none). */
  byByte: number[];
  /** "+0x10 pid" for the members that start in this row. */
  starts: string[];
}

function ascii(b: number): string {
  return b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : '.';
}

export function HexRow({
  address,
  bytes,
  problem,
  top,
  height,
  isTarget,
  space,
  members,
  symbols,
}: {
  address: bigint;
  bytes: Uint8Array | null;
  problem: string | null;
  top: number;
  height: number;
  isTarget: boolean;
  space: MemorySpace;
  members: RowMembers | null;
  symbols: Map<string, string | null>;
}) {
  const style = { transform: `translateY(${top}px)`, height };
  const addr = address.toString(16).padStart(16, '0');
  const cls = `hex-row${isTarget ? ' hex-row-target' : ''}`;
  if (!bytes) {
    return (
      <div className={`${cls} hex-row-missing`} style={style} data-address={hex(address)}>
        <span className="hex-addr">{addr}</span>
        <span className="hex-bytes">{problem ? '?? '.repeat(ROW_BYTES).trimEnd() : '·· '.repeat(ROW_BYTES).trimEnd()}</span>
        <span className="hex-note">{problem ?? 'loading…'}</span>
      </div>
    );
  }
  const words = space === 'virtual' ? [readU64(bytes, 0), readU64(bytes, 8)] : [];
  return (
    <div className={cls} style={style} data-address={hex(address)}>
      <span className="hex-addr">{addr}</span>
      <span className="hex-bytes">
        {Array.from(bytes, (b, i) => {
          const m = members?.byByte[i] ?? -1;
          return (
            <span key={i} className={`${m >= 0 ? `hex-m${m % 2}` : ''}${i === 8 ? ' hex-mid' : ''}`}>
              {b.toString(16).padStart(2, '0')}
            </span>
          );
        })}
      </span>
      <span className="hex-ascii">{Array.from(bytes, ascii).join('')}</span>
      <span className="hex-note">
        {members?.starts.map((s) => (
          <span key={s} className="hex-member">
            {s}
          </span>
        ))}
        {words.map((w, i) =>
          w !== null && isKernelPointer(w) ? (
            <a key={i} className="hex-pointer" href={memoryHref(hex(w))} title={`Follow the pointer at +${i * 8} to ${hex(w)}`}>
              → {symbols.get(hex(w)) ?? hex(w)}
            </a>
          ) : null,
        )}
      </span>
    </div>
  );
}
