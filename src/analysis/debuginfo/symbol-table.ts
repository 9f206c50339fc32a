// A compact symbol table shared by the vmlinux .symtab and kallsyms providers: one typed
// array per field (a distribution kernel has ~120k symbols), names as NUL-terminated
// bytes in one buffer, an address-sorted index for symbolization and an open-addressing
// hash of the name bytes for lookup. SymbolInfo objects are made only on request.
import type { SymbolAt, SymbolInfo, SymbolSource } from './debug-info';

export const SYM_OTHER = 0;
export const SYM_FUNCTION = 1;
export const SYM_OBJECT = 2;
export const BIND_LOCAL = 0 << 2;
export const BIND_GLOBAL = 1 << 2;
export const BIND_WEAK = 2 << 2;
/** Value not moved by KASLR (see SymbolInfo.absolute). */
export const SYM_ABSOLUTE = 1 << 4;

export interface SymbolColumns {
  count: number;
  addresses: BigUint64Array;
  /** 0 = unknown. */
  sizes: BigUint64Array;
  /** Offset of each name in `strings` (NUL-terminated). */
  nameOffsets: Uint32Array;
  strings: Uint8Array;
  /** SYM_* | BIND_* | SYM_ABSOLUTE. */
  attrs: Uint8Array;
  /** kallsyms type letter as a byte, 0 when unknown. */
  letters?: Uint8Array;
}

const TYPES = ['other', 'function', 'object', 'other'] as const;
const BINDINGS = ['local', 'global', 'weak', 'local'] as const;
/** How far back symbolize looks for a sized symbol containing the address. */
const CONTAIN_SCAN = 256;

const utf8 = new TextDecoder('utf-8', { fatal: false });
const encoder = new TextEncoder();

export class SymbolTable {
  /** Symbol indexes sorted by address (stable: table order among equal addresses). */
  readonly order: Uint32Array;
  private readonly hash: Uint32Array;

  constructor(readonly cols: SymbolColumns) {
    const { count, addresses } = cols;
    // Sort on 32-bit halves as plain numbers: bigint comparisons are several times slower.
    const hi = new Uint32Array(count);
    const lo = new Uint32Array(count);
    const order = new Uint32Array(count);
    for (let i = 0; i < count; i++) {
      const v = addresses[i]!;
      hi[i] = Number(v >> 32n);
      lo[i] = Number(v & 0xffffffffn);
      order[i] = i;
    }
    order.sort((a, b) => hi[a]! - hi[b]! || lo[a]! - lo[b]! || a - b);
    this.order = order;
    this.hash = this.buildHash();
  }

  get count(): number {
    return this.cols.count;
  }

  name(i: number): string {
    return utf8.decode(this.nameBytes(i));
  }

  info(i: number, module?: string): SymbolInfo {
    const { addresses, sizes, attrs, letters } = this.cols;
    const a = attrs[i]!;
    const s: SymbolInfo = {
      name: this.name(i),
      address: addresses[i]!,
      size: sizes[i]!,
      type: TYPES[a & 3]!,
      binding: BINDINGS[(a >> 2) & 3]!,
    };
    const letter = letters?.[i];
    if (letter) s.letter = String.fromCharCode(letter);
    if (module) s.module = module;
    if (a & SYM_ABSOLUTE) s.absolute = true;
    return s;
  }

  /** Index of the preferred symbol named `name` (global over weak over local), or -1. */
  indexOf(name: string): number {
    const key = encoder.encode(name);
    const mask = this.hash.length - 1;
    for (
      let slot = fnv1a(key, 0, key.length) & mask, n = 0;
      n <= mask;
      slot = (slot + 1) & mask, n++
    ) {
      const e = this.hash[slot]!;
      if (e === 0) return -1;
      if (this.nameEquals(e - 1, key)) return e - 1;
    }
    return -1;
  }

  /**
   * Position in `order` of the last symbol at or below `address`, or -1.
   */
  floor(address: bigint): number {
    const { order } = this;
    const addresses = this.cols.addresses;
    let lo = 0;
    let hi = order.length - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      if (addresses[order[mid]!]! <= address) {
        found = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return found;
  }

  /**
   * The function/object of nonzero size containing `address` (highest start wins), else
   * the sizeless symbol nearest below it, which extends to the next symbol's address
   * (the last symbol of the table only matches exactly). Sizeless absolute values
   * (constants, per-CPU offsets in kallsyms) are not address ranges and never match.
   */
  symbolize(address: bigint): SymbolAt | undefined {
    const { addresses, sizes, attrs } = this.cols;
    const top = this.floor(address);
    if (top < 0) return undefined;
    const at = (p: number) => addresses[this.order[p]!]!;
    let best = -1;
    for (let p = top; p >= 0 && p > top - CONTAIN_SCAN; p--) {
      const i = this.order[p]!;
      if (best >= 0 && addresses[i]! < addresses[best]!) break;
      const size = sizes[i]!;
      if ((attrs[i]! & 3) !== SYM_OTHER && size > 0n && addresses[i]! + size > address) {
        if (best < 0 || rank(attrs[i]!) > rank(attrs[best]!)) best = i;
      }
    }
    if (best < 0) {
      const start = at(top);
      if (top === this.order.length - 1 && start !== address) return undefined;
      for (let p = top; p >= 0 && at(p) === start; p--) {
        const i = this.order[p]!;
        if (
          sizes[i] === 0n &&
          !(attrs[i]! & SYM_ABSOLUTE) &&
          (best < 0 || rank(attrs[i]!) > rank(attrs[best]!))
        )
          best = i;
      }
      if (best < 0) return undefined;
    }
    return { symbol: this.info(best), offset: address - addresses[best]! };
  }

  *symbols(): Generator<SymbolInfo> {
    for (let p = 0; p < this.order.length; p++) yield this.info(this.order[p]!);
  }

  private nameBytes(i: number): Uint8Array {
    const { strings, nameOffsets } = this.cols;
    const start = nameOffsets[i]!;
    let end = strings.indexOf(0, start);
    if (end < 0) end = strings.length;
    return strings.subarray(start, end);
  }

  private nameEquals(i: number, key: Uint8Array): boolean {
    const { strings, nameOffsets } = this.cols;
    const start = nameOffsets[i]!;
    const after = start + key.length;
    if (after > strings.length) return false;
    for (let k = 0; k < key.length; k++) if (strings[start + k] !== key[k]) return false;
    return after === strings.length || strings[after] === 0;
  }

  private buildHash(): Uint32Array {
    const { count, strings, nameOffsets, attrs } = this.cols;
    let cap = 16;
    while (cap < count * 2) cap *= 2;
    const table = new Uint32Array(cap);
    const mask = cap - 1;
    for (let i = 0; i < count; i++) {
      const start = nameOffsets[i]!;
      let end = strings.indexOf(0, start);
      if (end < 0) end = strings.length;
      if (end === start) continue;
      const key = strings.subarray(start, end);
      for (let slot = fnv1a(strings, start, end) & mask; ; slot = (slot + 1) & mask) {
        const e = table[slot]!;
        if (e === 0) {
          table[slot] = i + 1;
          break;
        }
        if (this.nameEquals(e - 1, key)) {
          if (rank(attrs[i]!) > rank(attrs[e - 1]!)) table[slot] = i + 1;
          break;
        }
      }
    }
    return table;
  }
}

/** Lookup preference: global > weak > local, then function/object over other. */
function rank(a: number): number {
  const bind = (a >> 2) & 3;
  const b = bind === 1 ? 3 : bind === 2 ? 2 : 1;
  return b * 2 + ((a & 3) !== SYM_OTHER ? 1 : 0);
}

function fnv1a(bytes: Uint8Array, start: number, end: number): number {
  let h = 0x811c9dc5;
  for (let k = start; k < end; k++) h = Math.imul(h ^ bytes[k]!, 0x01000193);
  return h >>> 0;
}

/** The SymbolSource queries of a provider whose symbols are one SymbolTable. */
export abstract class TableSymbolSource implements SymbolSource {
  abstract readonly kind: SymbolSource['kind'];
  abstract readonly runtime: boolean;

  constructor(readonly table: SymbolTable) {}

  lookup(name: string): SymbolInfo | undefined {
    const i = this.table.indexOf(name);
    return i < 0 ? undefined : this.table.info(i);
  }

  symbolize(address: bigint): SymbolAt | undefined {
    return this.table.symbolize(address);
  }

  symbols(): Iterable<SymbolInfo> {
    return this.table.symbols();
  }
}
