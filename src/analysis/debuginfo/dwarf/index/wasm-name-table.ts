// The merge's name table in WebAssembly (wasm/name-table.c): NameTable's contract, run as
// compiled code, since the merge runs cold on the main thread while the index workers
// hold the cores. Its own instance of the module: .debug_str, the table, the parts'
// strings (encoded once per lane: a lane's strings only grow) and a scratch region.
import type { DieEntry, NameIndex } from './name-table';
import { Region, type WasmHeap } from './wasm-region';
import { scanModule } from './wasm-scan';

interface NameTableExports extends WasmHeap {
  nt_init(str: number, length: number, capacity: number): void;
  nt_add_rows(
    rows: number,
    n: number,
    stride: number,
    name: number,
    kindAt: number,
    kind: number,
    strIndex: number,
    strCount: number,
    strBytes: number,
  ): number;
  nt_find(kind: number, bytes: number, length: number): number;
  nt_count(): number;
  nt_die(i: number): number;
  nt_decl(i: number): number;
  nt_kind(i: number): number;
  nt_key(i: number): number;
  nt_key_length(i: number): number;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/**
 * A lane's strings as UTF-8 in the memory: [offset, length] per id, and the bytes. Only
 * the strings rows name are encoded (most of a lane's strings name units and functions).
 */
class EncodedStrings {
  /** Ids the index has room for. */
  count = 0;
  bytesLength = 0;
  /** 1 per id encoded. */
  done = new Uint8Array(0);
  readonly index: Region;
  readonly bytes: Region;
  constructor(x: NameTableExports) {
    this.index = new Region(x);
    this.bytes = new Region(x);
  }
}

export class WasmNameTable implements NameIndex {
  private readonly x: NameTableExports;
  private readonly scratch: Region;
  private readonly encoded = new WeakMap<readonly string[], EncodedStrings>();

  /** `str`: .debug_str, which name refs >= 0 point into; `capacity`: expected entries. */
  constructor(str: Uint8Array, capacity = 64) {
    const mod = scanModule();
    if (!mod) throw new Error('WebAssembly name table unavailable');
    this.x = new WebAssembly.Instance(mod, {}).exports as unknown as NameTableExports;
    const at = this.x.cl_alloc(str.length);
    new Uint8Array(this.x.memory.buffer).set(str, at);
    this.x.nt_init(at, str.length, capacity);
    this.scratch = new Region(this.x);
  }

  get size(): number {
    return this.x.nt_count();
  }

  addRows(
    rows: Float64Array,
    stride: number,
    name: number,
    kindAt: number,
    kind: number,
    strings: readonly string[],
  ): number {
    const s = this.strings(strings, rows, stride, name);
    const at = this.scratch.reserve(rows.length * 8);
    new Float64Array(this.x.memory.buffer, at, rows.length).set(rows);
    return this.x.nt_add_rows(
      at,
      rows.length / stride,
      stride,
      name,
      kindAt,
      kind,
      s.index.ptr,
      s.count,
      s.bytes.ptr,
    );
  }

  get(kind: number, name: string): DieEntry | undefined {
    const utf = encoder.encode(name);
    const at = this.scratch.reserve(utf.length);
    new Uint8Array(this.x.memory.buffer).set(utf, at);
    const i = this.x.nt_find(kind, at, utf.length);
    return i < 0 ? undefined : { die: this.x.nt_die(i), declaration: this.x.nt_decl(i) === 1 };
  }

  *names(kind: number): Generator<string> {
    for (let i = 0; i < this.x.nt_count(); i++) {
      if (this.x.nt_kind(i) !== kind) continue;
      const at = this.x.nt_key(i);
      yield decoder.decode(new Uint8Array(this.x.memory.buffer, at, this.x.nt_key_length(i)));
    }
  }

  /** `strings` in the memory, with those the name refs of `rows` need encoded. */
  private strings(
    strings: readonly string[],
    rows: Float64Array,
    stride: number,
    name: number,
  ): EncodedStrings {
    let e = this.encoded.get(strings);
    if (!e) {
      e = new EncodedStrings(this.x);
      this.encoded.set(strings, e);
    }
    if (e.count < strings.length) {
      e.index.reserve(8 * strings.length, 8 * e.count);
      const done = new Uint8Array(strings.length);
      done.set(e.done);
      e.done = done;
      e.count = strings.length;
    }
    for (let r = name; r < rows.length; r += stride) {
      const ref = rows[r]!;
      if (!(ref < 0)) continue;
      const id = Math.trunc(-1 - ref); // as nt_add_rows takes it
      if (id >= e.count || e.done[id]) continue; // past the strings: nt_add_rows reads ""
      e.done[id] = 1;
      const utf = encoder.encode(strings[id]);
      const bytes = e.bytes.reserve(e.bytesLength + utf.length, e.bytesLength);
      const buf = this.x.memory.buffer;
      new Uint8Array(buf).set(utf, bytes + e.bytesLength);
      const index = new Uint32Array(buf, e.index.ptr + 8 * id, 2);
      index[0] = e.bytesLength;
      index[1] = utf.length;
      e.bytesLength += utf.length;
    }
    return e;
  }
}
