// The memory view's questions, answered from the session: bytes of virtual or physical
// memory a page at a time (an unreadable page says why instead of failing the read),
// symbols for pointer-looking words, addresses from text, and struct layouts.
import { errorMessage, FaultError, LookupError } from '../analysis/errors';
import { sizeOf, stripTypedefs, typeName } from '../analysis/debuginfo/type-queries';
import type { CompoundType, Type } from '../analysis/debuginfo/types';
import { hexString, type HexString } from '../analysis/report/report-types';
import { parseAddress } from '../analysis/program/commands/address';
import { findAggregate } from '../analysis/program/commands/struct';
import type { Program } from '../analysis/program/program';
import type { DumpImage } from '../analysis/formats/dump-image';
import type { MemoryPage, MemorySpace, ResolvedAddress, StructLayoutInfo, StructMember } from './analysis-api';

/** The most one readMemory call returns: the memory view shows far less at a time. */
export const MAX_READ = 256 * 1024;
const MAX_SYMBOLIZE = 4096;
const MAX_MEMBERS = 2000;
/** Named struct members up to this size are expanded into their own members ("tasks.next"). */
const EXPAND_BYTES = 64;

export async function readMemory(
  dump: DumpImage,
  program: Program | null,
  space: MemorySpace,
  address: HexString,
  length: number,
): Promise<MemoryPage[]> {
  if (space === 'virtual' && !program) throw new LookupError('kernel virtual memory is not available for this dump');
  const page = BigInt(dump.pageSize || 4096);
  const start = BigInt(address);
  const end = start + BigInt(Math.max(0, Math.min(length, MAX_READ)));
  const pages: MemoryPage[] = [];
  for (let at = start; at < end; ) {
    const next = (at / page + 1n) * page;
    const n = Number((next < end ? next : end) - at);
    pages.push(await readPage(dump, program, space, at, n));
    at += BigInt(n);
  }
  return pages;
}

async function readPage(
  dump: DumpImage,
  program: Program | null,
  space: MemorySpace,
  at: bigint,
  n: number,
): Promise<MemoryPage> {
  const base = { address: hexString(at), length: n };
  try {
    const bytes = space === 'physical' ? await dump.readPhys(at, n) : await program!.read(at, n);
    return { ...base, bytes, fault: null, message: null };
  } catch (e) {
    const fault = e instanceof FaultError ? e.reason : 'error';
    return { ...base, bytes: null, fault, message: errorMessage(e) };
  }
}

export function symbolize(program: Program | null, addresses: HexString[]): Array<string | null> {
  return addresses.slice(0, MAX_SYMBOLIZE).map((a) => {
    const at = program?.symbolize(BigInt(a));
    if (!at) return null;
    return at.offset === 0n ? at.symbol.name : `${at.symbol.name}+0x${at.offset.toString(16)}`;
  });
}

export function resolveAddress(program: Program | null, expression: string): ResolvedAddress {
  const text = expression.trim();
  let address: bigint;
  if (program) address = parseAddress(program, text);
  else if (/^(0x)?[0-9a-f]+$/i.test(text)) address = BigInt(text.toLowerCase().startsWith('0x') ? text : `0x${text}`);
  else throw new LookupError(`${text}: not a hexadecimal address (this dump gives no symbols)`);
  const [label] = symbolize(program, [hexString(address)]);
  return { address: hexString(address), label: label ?? null };
}

export function structLayout(program: Program | null, name: string): StructLayoutInfo {
  if (!program?.types) throw new LookupError('struct layouts are not available: this dump gives no type information');
  const t = stripTypedefs(findAggregate(program, name.trim()));
  if (t.kind !== 'struct' && t.kind !== 'union') throw new LookupError(`${name} is not a struct or union`);
  const members: StructMember[] = [];
  flatten(t, 0, '', members, 0);
  return { name: typeName(t), size: t.size ?? 0, members };
}

function sizeOrZero(t: Type): number {
  try {
    return sizeOf(t);
  } catch {
    return 0; // void, functions, incomplete types
  }
}

function flatten(t: CompoundType, baseBits: number, prefix: string, out: StructMember[], depth: number): void {
  for (const m of t.members) {
    if (out.length >= MAX_MEMBERS) return;
    const bits = baseBits + m.bitOffset;
    const inner = stripTypedefs(m.type);
    const compound = inner.kind === 'struct' || inner.kind === 'union' ? inner : null;
    const size = sizeOrZero(m.type);
    if (compound && depth < 4 && (!m.name || size <= EXPAND_BYTES)) {
      flatten(compound, bits, m.name ? `${prefix}${m.name}.` : prefix, out, depth + 1);
      continue;
    }
    out.push({
      name: `${prefix}${m.name ?? '<anonymous>'}`,
      offset: Math.floor(bits / 8),
      size,
      typeName: typeName(m.type),
      bitOffset: m.bitSize !== null ? bits % 8 : null,
      bitSize: m.bitSize,
      pointer: inner.kind === 'pointer',
    });
  }
}
