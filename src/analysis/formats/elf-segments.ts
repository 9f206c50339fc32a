// Physical memory index of an ELF vmcore, built from its PT_LOADs.
//  - [p_paddr, p_paddr + p_filesz) is in the file at p_offset.
//  - [p_paddr + p_filesz, p_paddr + p_memsz) existed but was not written: makedumpfile -E
//    ends a PT_LOAD at a run of excluded pages and counts the run only in p_memsz
//    (makedumpfile.c write_elf_pages_cyclic), so those bytes are 'excluded', not zeros.
//  - The same physical range may appear in several PT_LOADs: kernel vmcores carry the
//    kernel text mapping and the direct map of the same RAM (kernel/crash_core.c
//    crash_prepare_elf64_headers). Stored bytes win over excluded ones; duplicates are
//    dropped so every address has exactly one piece.
//  - Bytes a PT_LOAD places beyond the end of the file (truncated copy, or makedumpfile's
//    DUMP_ELF_INCOMPLETE) are 'incomplete'.
import type { Warning } from '../errors';
import type { PhysRange } from './dump-image';

export interface LoadSegment {
  index: number;
  paddr: bigint;
  filesz: bigint;
  memsz: bigint;
  offset: number;
}

export type PieceKind = 'data' | 'excluded' | 'incomplete';

/** A maximal run of physical addresses with one state; `offset` is the file offset of `start` (data only). */
export interface Piece {
  start: bigint;
  end: bigint;
  kind: PieceKind;
  offset: number;
}

const U64_END = 1n << 64n;
const SAFE = BigInt(Number.MAX_SAFE_INTEGER);

export class PhysIndex {
  /** Sorted, disjoint. */
  readonly pieces: readonly Piece[];
  readonly physRanges: readonly PhysRange[];
  /** End of the highest piece (0 when there are none). */
  readonly end: bigint;
  readonly excludedPages: number;

  constructor(pieces: Piece[], pageSize: number) {
    this.pieces = pieces;
    this.physRanges = coalesce(pieces);
    this.end = pieces.length ? pieces[pieces.length - 1]!.end : 0n;
    this.excludedPages = countPages(pieces, BigInt(pageSize));
  }

  /** The piece containing `addr`, or undefined in a hole (binary search). */
  find(addr: bigint): Piece | undefined {
    const p = this.pieces;
    let lo = 0;
    let hi = p.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const m = p[mid]!;
      if (addr < m.start) hi = mid - 1;
      else if (addr >= m.end) lo = mid + 1;
      else return m;
    }
    return undefined;
  }

  /** First piece starting after `addr` (to size a hole), or undefined. */
  next(addr: bigint): Piece | undefined {
    const p = this.pieces;
    let lo = 0;
    let hi = p.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (p[mid]!.start <= addr) lo = mid + 1;
      else hi = mid;
    }
    return p[lo];
  }
}

interface Span {
  start: bigint;
  end: bigint;
  offset: number;
}

/**
 * Builds the index. `fileSize` marks stored bytes beyond it as incomplete. Bad segments
 * (address overflow, p_filesz > p_memsz) produce warnings, never errors.
 */
export function buildPhysIndex(
  loads: readonly LoadSegment[],
  fileSize: number,
  pageSize: number,
  source: string,
  warnings: Warning[],
): PhysIndex {
  const data: Span[] = [];
  const missing: Span[] = [];
  const excluded: Span[] = [];
  for (const l of loads) {
    let memsz = l.memsz;
    if (l.filesz > memsz) {
      warnings.push({
        code: 'ELF_FILESZ_GT_MEMSZ',
        message: `${source}: PT_LOAD #${l.index} has p_filesz 0x${l.filesz.toString(16)} > p_memsz 0x${memsz.toString(16)}; using p_filesz`,
      });
      memsz = l.filesz;
    }
    if (l.paddr + memsz > U64_END || l.filesz > SAFE) {
      warnings.push({
        code: 'ELF_BAD_LOAD',
        message: `${source}: PT_LOAD #${l.index} (p_paddr 0x${l.paddr.toString(16)}, p_memsz 0x${memsz.toString(16)}) runs past the 64-bit address space; ignored`,
      });
      continue;
    }
    const fileEnd = l.paddr + l.filesz;
    if (l.filesz > 0n) {
      // Part of the stored bytes may lie beyond the end of the file.
      const stored = BigInt(Math.max(0, Math.min(Number(l.filesz), fileSize - l.offset)));
      if (stored > 0n) data.push({ start: l.paddr, end: l.paddr + stored, offset: l.offset });
      if (stored < l.filesz) missing.push({ start: l.paddr + stored, end: fileEnd, offset: 0 });
    }
    if (memsz > l.filesz) excluded.push({ start: fileEnd, end: l.paddr + memsz, offset: 0 });
  }
  const dataPieces = dedupe(data);
  const missingPieces = subtract(union(missing), dataPieces);
  const excludedPieces = subtract(subtract(union(excluded), dataPieces), missingPieces);
  const pieces: Piece[] = [
    ...dataPieces.map((s) => ({ ...s, kind: 'data' as const })),
    ...missingPieces.map((s) => ({ ...s, kind: 'incomplete' as const })),
    ...excludedPieces.map((s) => ({ ...s, kind: 'excluded' as const })),
  ].sort((a, b) => cmp(a.start, b.start));
  return new PhysIndex(pieces, pageSize);
}

function cmp(a: bigint, b: bigint): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Stored spans made disjoint: the first (lowest start, then longest) covering an address keeps it. */
function dedupe(spans: Span[]): Span[] {
  const sorted = [...spans].sort((a, b) => cmp(a.start, b.start) || cmp(b.end, a.end));
  const out: Span[] = [];
  let covered = -1n;
  for (const s of sorted) {
    if (s.end <= covered) continue;
    const start = s.start > covered ? s.start : covered;
    const offset = s.offset + Number(start - s.start);
    const last = out[out.length - 1];
    // Join file-contiguous neighbours so a read needs fewer source reads.
    if (last && last.end === start && last.offset + Number(last.end - last.start) === offset) {
      last.end = s.end;
    } else {
      out.push({ start, end: s.end, offset });
    }
    covered = s.end;
  }
  return out;
}

/** Union of spans as sorted, disjoint, merged ranges. */
function union(spans: Span[]): Span[] {
  const sorted = [...spans].sort((a, b) => cmp(a.start, b.start));
  const out: Span[] = [];
  for (const s of sorted) {
    const last = out[out.length - 1];
    if (last && s.start <= last.end) {
      if (s.end > last.end) last.end = s.end;
    } else {
      out.push({ start: s.start, end: s.end, offset: 0 });
    }
  }
  return out;
}

/** `ranges` minus `cover`, both sorted and disjoint. */
function subtract(ranges: Span[], cover: readonly Span[]): Span[] {
  const out: Span[] = [];
  let j = 0;
  for (const r of ranges) {
    let start = r.start;
    while (j < cover.length && cover[j]!.end <= start) j++;
    let k = j;
    while (start < r.end) {
      const c = cover[k];
      if (!c || c.start >= r.end) {
        out.push({ start, end: r.end, offset: 0 });
        break;
      }
      if (c.start > start) out.push({ start, end: c.start, offset: 0 });
      if (c.end > start) start = c.end;
      k++;
    }
  }
  return out;
}

function coalesce(pieces: readonly Piece[]): PhysRange[] {
  const out: PhysRange[] = [];
  for (const p of pieces) {
    const last = out[out.length - 1];
    if (last && last.end === p.start) last.end = p.end;
    else out.push({ start: p.start, end: p.end });
  }
  return out;
}

/** Distinct page frames touched by excluded pieces (a partly excluded page counts once). */
function countPages(pieces: readonly Piece[], pageSize: bigint): number {
  let count = 0n;
  let lastPfn = -1n;
  for (const p of pieces) {
    if (p.kind !== 'excluded') continue;
    let first = p.start / pageSize;
    const last = (p.end - 1n) / pageSize;
    if (first <= lastPfn) first = lastPfn + 1n;
    if (last >= first) count += last - first + 1n;
    if (last > lastPfn) lastPfn = last;
  }
  return Number(count);
}
