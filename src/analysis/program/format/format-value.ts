// Values as gdb prints them with `set print pretty on` — what crash's `p` and
// `struct <type> <address>` show: integers in decimal, pointers in hex followed by
// <symbol+offset> when they point into the kernel image, char arrays as strings, enums
// by name, nested structs one member per line with two spaces of indent per level,
// arrays on one line (crash sets pretty structs, not pretty arrays, and no repeats).
// The object's bytes are read once by the caller; only char pointers read more.
import { errorMessage } from '../../errors';
import type { SymbolAt } from '../../debuginfo/debug-info';
import { sizeOf, stripTypedefs } from '../../debuginfo/type-queries';
import type { Type } from '../../debuginfo/types';
import { decodeScalar, isCharType } from '../object-value';
import { escapeChar, formatCString, PRINT_ELEMENTS } from './c-string';

export interface ValueFormatContext {
  symbolize(address: bigint): SymbolAt | undefined;
  /** Reads memory for char pointers. */
  read(address: bigint, length: number): Promise<Uint8Array>;
}

/** Where a value lies in the buffer: byte offset, and for a bitfield its bits. */
export interface Slot {
  byte: number;
  bitOffset?: number;
  bitSize?: number | null;
}

const pad = (level: number) => '  '.repeat(level);

export async function formatValue(
  ctx: ValueFormatContext,
  type: Type,
  bytes: Uint8Array,
  slot: Slot,
  level: number,
): Promise<string> {
  const t = stripTypedefs(type);
  switch (t.kind) {
    case 'struct':
    case 'union': {
      const lines: string[] = [];
      for (const m of t.members) {
        const bit = slot.byte * 8 + m.bitOffset;
        const inner: Slot =
          m.bitSize !== null ? { byte: 0, bitOffset: bit, bitSize: m.bitSize } : { byte: bit / 8 };
        const v = await formatValue(ctx, m.type, bytes, inner, level + 1);
        lines.push(m.name ? `${pad(level + 1)}${m.name} = ${v}` : `${pad(level + 1)}${v}`);
      }
      return lines.length ? `{\n${lines.join(',\n')}\n${pad(level)}}` : '{}';
    }
    case 'array': {
      if (t.length === null || t.length === 0) return '{}';
      const elem = sizeOf(t.element);
      if (isCharType(t.element)) {
        return formatCString(bytes.subarray(slot.byte, slot.byte + t.length * elem), true);
      }
      const items: string[] = [];
      const shown = Math.min(t.length, PRINT_ELEMENTS);
      for (let i = 0; i < shown; i++) {
        items.push(await formatValue(ctx, t.element, bytes, { byte: slot.byte + i * elem }, level + 1));
      }
      return `{${items.join(', ')}${shown < t.length ? '...' : ''}}`;
    }
    case 'pointer': {
      const v = decodeScalar(bytes.subarray(slot.byte, slot.byte + t.size), false);
      return formatPointer(ctx, t.target, v);
    }
    case 'int':
    case 'bool':
    case 'enum': {
      const v = scalarAt(bytes, slot, t.size, t.kind !== 'bool' && t.signed);
      if (t.kind === 'bool') return v === 0n ? 'false' : v === 1n ? 'true' : String(v);
      if (t.kind === 'enum') return t.enumerators.find((e) => e.value === v)?.name ?? String(v);
      if (t.size === 1 && /char/.test(t.name)) return `${v} '${escapeChar(Number(BigInt.asUintN(8, v)), "'")}'`;
      return String(v);
    }
    case 'float': {
      const dv = new DataView(bytes.buffer, bytes.byteOffset + slot.byte, t.size);
      return String(t.size === 4 ? dv.getFloat32(0, true) : dv.getFloat64(0, true));
    }
    case 'function':
      return '{function}';
    default:
      return t.kind;
  }
}

function scalarAt(bytes: Uint8Array, slot: Slot, size: number, signed: boolean): bigint {
  if (slot.bitSize === undefined || slot.bitSize === null) {
    return decodeScalar(bytes.subarray(slot.byte, slot.byte + size), signed);
  }
  const first = Math.floor(slot.bitOffset! / 8);
  const shift = slot.bitOffset! - first * 8;
  const raw = decodeScalar(bytes.subarray(first, first + Math.ceil((shift + slot.bitSize) / 8)), false);
  const v = (raw >> BigInt(shift)) & ((1n << BigInt(slot.bitSize)) - 1n);
  return signed ? BigInt.asIntN(slot.bitSize, v) : v;
}

/** `0x…`, then ` <symbol+off>` inside the kernel image, or ` "text"` for a char pointer. */
export async function formatPointer(ctx: ValueFormatContext, target: Type, v: bigint): Promise<string> {
  const hex = `0x${v.toString(16)}`;
  if (v === 0n) return hex;
  const at = ctx.symbolize(v);
  // gdb names a code address by its function, a data address only inside a sized symbol
  // (or exactly at one): a pointer into the middle of .rodata strings gets no name.
  const named =
    at &&
    !at.symbol.absolute &&
    (stripTypedefs(target).kind === 'function' || at.offset === 0n || at.offset < at.symbol.size);
  if (named) return `${hex} <${at.symbol.name}${at.offset ? `+${at.offset}` : ''}>`;
  if (isCharType(target)) {
    try {
      // Up to the page end first: the string may end before an unreadable page.
      const first = Math.min(PRINT_ELEMENTS, 4096 - Number(v % 4096n));
      let b = await ctx.read(v, first);
      if (b.indexOf(0) < 0 && first < PRINT_ELEMENTS) {
        const more = await ctx.read(v + BigInt(first), PRINT_ELEMENTS - first).catch(() => new Uint8Array(0));
        b = Uint8Array.of(...b, ...more);
      }
      const nul = b.indexOf(0);
      return `${hex} ${formatCString(nul >= 0 ? b.subarray(0, nul) : b, false, nul < 0)}`;
    } catch (e) {
      return `${hex} <error: ${errorMessage(e)}>`;
    }
  }
  return hex;
}
