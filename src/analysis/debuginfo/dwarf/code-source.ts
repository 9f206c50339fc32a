// CodeSource over DWARF: functions from the index's address table, inline frames from
// the function's DIE subtree (parsed on demand), lines from the unit's line program.
// Inline scopes, as drgn's libdrgn/dwarf_info.c drgn_module_find_dwarf_scopes: from the
// concrete DW_TAG_subprogram, descend into the child lexical_block / inlined_subroutine
// whose ranges contain pc; each inlined_subroutine is a frame named by its
// DW_AT_abstract_origin, called from DW_AT_call_file:DW_AT_call_line (DWARF 5 §3.3.8.2).
import type { CodeSource, FunctionInfo, InlinedFrame, SourceLine } from '../debug-info';
import { DW_AT, DW_TAG } from './constants';
import { children, type Die } from './die';
import { constNumber } from './types/member-offset';
import { rangesContain } from './ranges';
import { resolveString } from './unit-bases';
import { dieRanges } from './unit-die';
import type { UnitStore } from './unit-store';

/** Scopes the inline search descends through (DWARF 5 §3.4–3.5). */
const SCOPE_TAGS = new Set<number>([
  DW_TAG.lexical_block,
  DW_TAG.inlined_subroutine,
  0x32, // try_block
  0x25, // catch_block
]);

const MAX_DEPTH = 256;

export class DwarfCodeSource implements CodeSource {
  constructor(private readonly store: UnitStore) {}

  functionAt(pc: bigint): FunctionInfo | undefined {
    const f = this.store.index.functionAt(pc);
    if (!f) return undefined;
    return { name: f.name ?? this.nameOf(this.store.die(f.die)) ?? '', low: f.low, high: f.high };
  }

  /** Name of a DIE, through DW_AT_abstract_origin / DW_AT_specification (possibly in other units). */
  nameOf(die: Die): string | null {
    let d = die;
    for (let hops = 0; hops < 8; hops++) {
      const n = resolveString(d.attr(DW_AT.name), d.unit, this.store.small);
      if (n !== null) return n;
      const next = d.ref(DW_AT.abstract_origin) ?? d.ref(DW_AT.specification);
      if (next === null) return null;
      d = this.store.die(next);
    }
    return null;
  }

  /** The DIEs of the scopes containing `pc`, outermost (the subprogram) first. */
  scopesAt(pc: bigint): Die[] {
    const f = this.store.index.functionAt(pc);
    if (!f) return [];
    const chain = [this.store.die(f.die)];
    for (let depth = 0; depth < MAX_DEPTH; depth++) {
      const next = this.childScopeAt(chain[chain.length - 1]!, pc);
      if (!next) break;
      chain.push(next);
    }
    return chain;
  }

  private childScopeAt(scope: Die, pc: bigint): Die | null {
    for (const c of children(scope)) {
      if (SCOPE_TAGS.has(c.tag) && rangesContain(dieRanges(c, this.store.small), pc)) return c;
    }
    return null;
  }

  inlineChainAt(pc: bigint): InlinedFrame[] {
    const frames: InlinedFrame[] = [];
    for (const d of this.scopesAt(pc)) {
      if (d.tag !== DW_TAG.inlined_subroutine) continue;
      const fileIndex = constNumber(d, DW_AT.call_file);
      frames.push({
        name: this.nameOf(d) ?? '',
        callFile: fileIndex === null ? null : this.fileName(d, fileIndex),
        callLine: constNumber(d, DW_AT.call_line),
      });
    }
    return frames.reverse();
  }

  private fileName(d: Die, index: number): string | null {
    const u = this.store.unitInfo(d.offset);
    const table = u ? this.store.lineTable(u) : null;
    return table?.header.files[index] ?? null;
  }

  lineAt(pc: bigint): SourceLine | undefined {
    let u = this.store.index.unitForPc(pc);
    if (!u) {
      const f = this.store.index.functionAt(pc);
      u = f && this.store.unitInfo(f.die);
    }
    const table = u && this.store.lineTable(u);
    const row = table?.rowAt(pc);
    if (!row || row.line === 0) return undefined;
    return row.column
      ? { file: row.file, line: row.line, column: row.column }
      : { file: row.file, line: row.line };
  }
}
