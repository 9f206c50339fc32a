// Builds kallsyms tables for tests the way scripts/kallsyms.c lays them out (offsets,
// relative_base, num_syms, names, markers, token_table, token_index), with a simple token
// set: every byte stands for itself, plus a few multi-character tokens on unused bytes.
// Also a flat little-endian AddressSpace to read them from.
import { FaultError } from '../../errors';
import type { AddressSpace } from '../../memory/address-space';
import type { KallsymsLocation } from '../kallsyms/kallsyms-location';

export interface TestKsym {
  /** Type letter + name, as kallsyms stores it: "Tstart_kernel". */
  name: string;
  address: bigint;
}

export type TestEncoding = 'absolute' | 'base-relative' | 'absolute-percpu' | 'place-relative';

export interface KallsymsImage {
  space: MapSpace;
  loc: KallsymsLocation;
}

/** Memory made of byte ranges at virtual addresses; anything else faults. */
export class MapSpace implements AddressSpace {
  readonly kind = 'virtual' as const;
  readonly regions: { start: bigint; bytes: Uint8Array }[] = [];
  reads = 0;

  add(start: bigint, bytes: Uint8Array): void {
    this.regions.push({ start, bytes });
  }

  read(address: bigint, length: number): Promise<Uint8Array> {
    this.reads++;
    for (const r of this.regions) {
      const off = address - r.start;
      if (off >= 0n && off + BigInt(length) <= BigInt(r.bytes.length)) {
        return Promise.resolve(r.bytes.slice(Number(off), Number(off) + length));
      }
    }
    return Promise.reject(new FaultError(address, 'not-present', 'virtual'));
  }
}

const TOKENS = ['sched_', '_init', 'kernel', '__'];

/** Token bytes of one name: greedy multi-character tokens (0xf0 + k), else the byte itself. */
function compress(name: Uint8Array, text: string): number[] {
  const out: number[] = [];
  for (let i = 0; i < name.length;) {
    const k = i > 0 ? TOKENS.findIndex((t) => text.startsWith(t, i)) : -1;
    if (k >= 0) {
      out.push(0xf0 + k);
      i += TOKENS[k]!.length;
    } else out.push(name[i++]!);
  }
  return out;
}

export interface KallsymsWriterOptions {
  encoding?: TestEncoding;
  /** Base address of the tables. */
  at?: bigint;
  /** Two-byte lengths for names of >= 128 token bytes (v6.1+). Default true. */
  longNames?: boolean;
}

export function writeKallsyms(syms: TestKsym[], opts: KallsymsWriterOptions = {}): KallsymsImage {
  const enc = opts.encoding ?? 'base-relative';
  const at = opts.at ?? 0xffffffff82000000n;
  const n = syms.length;
  const le = (bytes: number, v: bigint) => {
    const b = new Uint8Array(bytes);
    const dv = new DataView(b.buffer);
    if (bytes === 8) dv.setBigUint64(0, BigInt.asUintN(64, v), true);
    else dv.setUint32(0, Number(BigInt.asUintN(32, v)), true);
    return b;
  };
  const space = new MapSpace();
  const loc: Partial<KallsymsLocation> = {};
  // One contiguous image, each table 8-byte aligned.
  const image: number[] = [];
  let cur = at;
  const put = (bytes: Uint8Array) => {
    const start = cur;
    image.push(...bytes);
    while (image.length % 8) image.push(0);
    cur = at + BigInt(image.length);
    return start;
  };

  // Addresses.
  const nonPercpu = syms.filter((s) => s.address >= 1n << 32n).map((s) => s.address);
  const base = nonPercpu.length ? nonPercpu.reduce((a, b) => (a < b ? a : b)) : 0n;
  if (enc === 'absolute') {
    const b = new Uint8Array(8 * n);
    syms.forEach((s, i) => b.set(le(8, s.address), 8 * i));
    loc.addresses = put(b);
  } else {
    const offsetsAt = cur;
    const b = new Uint8Array(4 * n);
    syms.forEach((s, i) => {
      let v: bigint;
      if (enc === 'base-relative') v = s.address - base;
      else if (enc === 'absolute-percpu')
        v = s.address < 1n << 31n ? s.address : base - 1n - s.address;
      else v = s.address - (offsetsAt + BigInt(4 * i));
      b.set(le(4, v), 4 * i);
    });
    loc.offsets = put(b);
    if (enc !== 'place-relative') loc.relativeBase = put(le(8, base));
  }
  loc.numSyms = put(le(4, BigInt(n)));

  // Names.
  const names: number[] = [];
  for (const s of syms) {
    const bytes = new TextEncoder().encode(s.name);
    const toks = compress(bytes, s.name);
    if (toks.length >= 0x80 && opts.longNames !== false)
      names.push((toks.length & 0x7f) | 0x80, toks.length >> 7);
    else names.push(toks.length & 0xff);
    names.push(...toks);
  }
  loc.names = put(Uint8Array.from(names));
  put(new Uint8Array(4 * (Math.floor(n / 256) + 1))); // kallsyms_markers (not read)

  // Tokens: byte b → String.fromCharCode(b), 0xf0+k → TOKENS[k].
  const table: number[] = [];
  const index = new Uint8Array(512);
  const dv = new DataView(index.buffer);
  for (let b = 0; b < 256; b++) {
    dv.setUint16(2 * b, table.length, true);
    const k = b - 0xf0;
    const tok =
      k >= 0 && k < TOKENS.length ? new TextEncoder().encode(TOKENS[k]) : Uint8Array.of(b);
    table.push(...tok, 0);
  }
  loc.tokenTable = put(Uint8Array.from(table));
  loc.tokenIndex = put(index);
  space.add(at, Uint8Array.from(image));
  const stext = syms.find((s) => s.name.slice(1) === '_stext');
  if (stext) loc.stext = stext.address;
  return { space, loc: loc as KallsymsLocation };
}
