// A small DWARF producer for unit tests: units of DWARF 2–5 described as DIE trees with
// explicit forms, written to .debug_info (or .debug_types) with their abbreviations and
// the side sections the forms need (.debug_str, .debug_line_str, .debug_str_offsets,
// .debug_addr, .debug_rnglists, .debug_loclists, .debug_ranges, .debug_loc).
import { DW_FORM, DW_LLE, DW_RLE, DW_UT } from '../constants';
import { ByteWriter, StringSection } from './byte-writer';
import { writeLineProgram, type LineProgramSpec } from './line-writer';

export type AttrVal =
  | number
  | bigint
  | string
  | boolean
  | Uint8Array
  /** A DIE by label (ref forms, ref_addr across units). */
  | { ref: string }
  /** The base of this unit's contribution to a side section (DW_AT_*_base). */
  | { base: 'str_offsets' | 'addr' | 'rnglists' | 'loclists' }
  /** A range list, written to .debug_rnglists (v5) or .debug_ranges (v2–4). */
  | { ranges: [bigint, bigint][] }
  /** A location list, written to .debug_loclists (v5) or .debug_loc (v2–4). */
  | { loclist: { low: bigint; high: bigint; expr: number[] }[] }
  /** DW_FORM_indirect: the real form and its value. */
  | { form: number; value: AttrVal }
  /** Offset in .debug_line of the n-th line program given to writeDwarf. */
  | { lineProgram: number };

export type Attr = [at: number, form: number, value?: AttrVal];

export interface DieSpec {
  tag: number;
  label?: string;
  attrs: Attr[];
  children?: DieSpec[];
  /** Adds DW_AT_sibling (ref4) pointing past this DIE's subtree. */
  sibling?: boolean;
}

export interface UnitSpec {
  version: 2 | 3 | 4 | 5;
  unitType?: number;
  addressSize?: 4 | 8;
  offsetSize?: 4 | 8;
  root: DieSpec;
  /** Type units: the signature, and the label of the type DIE. */
  typeSignature?: bigint;
  typeLabel?: string;
  /** DWARF 4 type unit in .debug_types. */
  debugTypes?: boolean;
}

interface Fixup {
  section: 'info' | 'types';
  at: number;
  form: number;
  label: string;
  unitOffset: number;
}

function makeOut() {
  return {
    info: new ByteWriter(),
    types: new ByteWriter(),
    abbrev: new ByteWriter(),
    str: new StringSection(),
    line_str: new StringSection(),
    str_offsets: new ByteWriter(),
    addr: new ByteWriter(),
    rnglists: new ByteWriter(),
    loclists: new ByteWriter(),
    ranges: new ByteWriter(),
    loc: new ByteWriter(),
    line: new ByteWriter(),
    lineOffsets: [] as number[],
  };
}

type Out = ReturnType<typeof makeOut>;

/** Writes the units; returns section contents keyed by name without `.debug_`. */
export function writeDwarf(
  units: UnitSpec[],
  lines: LineProgramSpec[] = [],
): Record<string, Uint8Array> {
  const out = makeOut();
  for (const l of lines) out.lineOffsets.push(writeLineProgram(out.line, l, out.line_str, out.str));
  const labels = new Map<string, { section: 'info' | 'types'; offset: number }>();
  const fixups: Fixup[] = [];
  for (const spec of units) new UnitWriter(spec, out, labels, fixups).write();
  for (const f of fixups) {
    const target = labels.get(f.label);
    if (!target) throw new Error(`no DIE labelled ${f.label}`);
    const w = out[f.section];
    const value = f.form === DW_FORM.ref_addr ? target.offset : target.offset - f.unitOffset;
    if (f.form === DW_FORM.ref_udata) {
      const tmp = new ByteWriter().uleb(value, 5).finish();
      tmp.forEach((byte, i) => w.patch8(f.at + i, byte));
    } else if (f.form === DW_FORM.ref8) w.patch64(f.at, value);
    else if (f.form === DW_FORM.ref1) w.patch8(f.at, value);
    else if (f.form === DW_FORM.ref2) {
      w.patch8(f.at, value & 0xff);
      w.patch8(f.at + 1, value >> 8);
    } else w.patch32(f.at, value);
  }
  const result: Record<string, Uint8Array> = {};
  for (const [k, v] of Object.entries(out)) {
    if (Array.isArray(v)) continue;
    const bytes = v instanceof StringSection ? v.w.finish() : v.finish();
    if (bytes.length > 0) result[k] = bytes;
  }
  return result;
}

/** Header of a .debug_rnglists/.debug_loclists contribution with a one-entry offsets array. */
function listHeader(r: ByteWriter, os: number, as: number): { lenAt: number; base: number } {
  if (os === 8) r.u32(0xffffffff);
  const lenAt = r.length;
  r.uint(0, os).u16(5).u8(as).u8(0).u32(1);
  const base = r.length;
  r.uint(0, os);
  return { lenAt, base };
}

function finishList(r: ByteWriter, os: number, lenAt: number, base: number, list: number): void {
  if (os === 8) {
    r.patch64(lenAt, r.length - lenAt - 8);
    r.patch64(base, list - base);
  } else {
    r.patch32(lenAt, r.length - lenAt - 4);
    r.patch32(base, list - base);
  }
}

class UnitWriter {
  private readonly w = new ByteWriter();
  private readonly abbrevs = new Map<string, number>();
  private readonly abbrevBytes = new ByteWriter();
  private readonly addressSize: number;
  private readonly offsetSize: 4 | 8;
  private readonly section: 'info' | 'types';
  private unitOffset = 0;
  private headerSize = 0;
  private readonly strx: number[] = [];
  private readonly addrx: bigint[] = [];
  private readonly localFixups: { at: number; form: number; label: string }[] = [];
  private readonly baseFixups: { at: number; base: string }[] = [];

  constructor(
    private readonly spec: UnitSpec,
    private readonly out: Out,
    private readonly labels: Map<string, { section: 'info' | 'types'; offset: number }>,
    private readonly fixups: Fixup[],
  ) {
    this.addressSize = spec.addressSize ?? 8;
    this.offsetSize = spec.offsetSize ?? 4;
    this.section = spec.debugTypes ? 'types' : 'info';
  }

  write(): void {
    const sec = this.out[this.section];
    this.unitOffset = sec.length;
    const v = this.spec.version;
    const ut =
      this.spec.unitType ?? (this.spec.typeSignature !== undefined ? DW_UT.type : DW_UT.compile);
    // Header size after unit_length (DWARF 5 §7.5.1).
    let after = v >= 5 ? 2 + 1 + 1 + this.offsetSize : 2 + this.offsetSize + 1;
    if (this.spec.typeSignature !== undefined) after += 8 + this.offsetSize;
    if (v >= 5 && (ut === DW_UT.skeleton || ut === DW_UT.split_compile)) after += 8;
    this.headerSize = (this.offsetSize === 8 ? 12 : 4) + after;
    this.die(this.spec.root);
    const bodyLength = this.w.length;
    const abbrevOffset = this.out.abbrev.length;
    this.out.abbrev.bytes(this.abbrevBytes.finish()).u8(0);
    const h = new ByteWriter();
    const length = after + bodyLength;
    if (this.offsetSize === 8) h.u32(0xffffffff).u64(length);
    else h.u32(length);
    h.u16(v);
    if (v >= 5) h.u8(ut).u8(this.addressSize).uint(abbrevOffset, this.offsetSize);
    else h.uint(abbrevOffset, this.offsetSize).u8(this.addressSize);
    if (v >= 5 && (ut === DW_UT.skeleton || ut === DW_UT.split_compile)) h.u64(0x1234n);
    if (this.spec.typeSignature !== undefined) {
      h.u64(this.spec.typeSignature);
      const t = this.labels.get(this.spec.typeLabel ?? '');
      h.uint(t ? t.offset - this.unitOffset : 0, this.offsetSize);
    }
    const bases = this.writeSideTables();
    for (const f of this.baseFixups) {
      const value = bases[f.base] ?? 0;
      if (this.offsetSize === 8) this.w.patch64(f.at - this.headerSize, value);
      else this.w.patch32(f.at - this.headerSize, value);
    }
    sec.bytes(h.finish()).bytes(this.w.finish());
    for (const f of this.localFixups) {
      this.fixups.push({
        section: this.section,
        at: this.unitOffset + f.at,
        form: f.form,
        label: f.label,
        unitOffset: this.unitOffset,
      });
    }
  }

  /** Writes the unit's contributions to the indexed side sections; returns their bases. */
  private writeSideTables(): Record<string, number> {
    const o = this.out;
    const bases: Record<string, number> = {};
    const os = this.offsetSize;
    const header = (w: ByteWriter, contentLen: number, extra: (w: ByteWriter) => void): void => {
      if (os === 8) w.u32(0xffffffff).u64(contentLen);
      else w.u32(contentLen);
      extra(w);
    };
    if (this.strx.length) {
      header(o.str_offsets, 4 + this.strx.length * os, (w) => w.u16(5).u16(0));
      bases.str_offsets = o.str_offsets.length;
      for (const s of this.strx) o.str_offsets.uint(s, os);
    }
    if (this.addrx.length) {
      header(o.addr, 4 + this.addrx.length * this.addressSize, (w) =>
        w.u16(5).u8(this.addressSize).u8(0),
      );
      bases.addr = o.addr.length;
      for (const a of this.addrx) o.addr.uint(a, this.addressSize);
    }
    // rnglists/loclists offsets arrays were reserved when the lists were written.
    bases.rnglists = this.rngBase;
    bases.loclists = this.locBase;
    return bases;
  }

  private rngBase = 0;
  private locBase = 0;

  private code(d: DieSpec, attrs: Attr[]): number {
    const key = JSON.stringify([
      d.tag,
      !!d.children?.length,
      attrs.map(([a, f, v]) =>
        f === DW_FORM.implicit_const ? [a, f, String(v as number | bigint)] : [a, f],
      ),
    ]);
    let c = this.abbrevs.get(key);
    if (c === undefined) {
      c = this.abbrevs.size + 1;
      this.abbrevs.set(key, c);
      const a = this.abbrevBytes
        .uleb(c)
        .uleb(d.tag)
        .u8(d.children?.length ? 1 : 0);
      for (const [at, form, v] of attrs) {
        a.uleb(at).uleb(form);
        if (form === DW_FORM.implicit_const) a.sleb(BigInt(v as number | bigint));
      }
      a.uleb(0).uleb(0);
    }
    return c;
  }

  private die(d: DieSpec): void {
    const attrs: Attr[] = d.sibling ? [...d.attrs, [0x01, DW_FORM.ref4, { ref: '' }]] : d.attrs;
    const offset = this.unitOffset + this.headerSize + this.w.length;
    if (d.label) this.labels.set(d.label, { section: this.section, offset });
    this.w.uleb(this.code(d, attrs));
    let siblingAt = -1;
    for (const [at, form, v] of attrs) {
      if (at === 0x01 && d.sibling) {
        siblingAt = this.w.length;
        this.w.u32(0);
        continue;
      }
      this.value(form, v);
    }
    if (d.children?.length) {
      for (const c of d.children) this.die(c);
      this.w.u8(0);
    }
    if (siblingAt >= 0) this.w.patch32(siblingAt, this.headerSize + this.w.length);
  }

  private value(form: number, v: AttrVal | undefined): void {
    const w = this.w;
    const os = this.offsetSize;
    const as = this.addressSize;
    if (v !== null && typeof v === 'object' && 'ref' in v) {
      const size = {
        [DW_FORM.ref1]: 1,
        [DW_FORM.ref2]: 2,
        [DW_FORM.ref4]: 4,
        [DW_FORM.ref8]: 8,
        [DW_FORM.ref_udata]: 5,
      }[form];
      const refAddrSize = this.spec.version <= 2 ? as : os;
      this.localFixups.push({ at: this.headerSize + w.length, form, label: v.ref });
      for (let i = 0; i < (size ?? refAddrSize); i++) w.u8(0);
      return;
    }
    if (v !== null && typeof v === 'object' && 'base' in v) {
      this.baseFixups.push({ at: this.headerSize + w.length, base: v.base });
      w.uint(0, os);
      return;
    }
    if (v !== null && typeof v === 'object' && 'form' in v) {
      w.uleb(v.form);
      this.value(v.form, v.value);
      return;
    }
    if (v !== null && typeof v === 'object' && 'lineProgram' in v) {
      w.uint(this.out.lineOffsets[v.lineProgram] ?? 0, os);
      return;
    }
    if (v !== null && typeof v === 'object' && 'ranges' in v)
      return this.rangesValue(form, v.ranges);
    if (v !== null && typeof v === 'object' && 'loclist' in v)
      return this.loclistValue(form, v.loclist);
    const num = (): bigint => BigInt(v as number | bigint);
    switch (form) {
      case DW_FORM.addr:
        w.uint(num(), as);
        return;
      case DW_FORM.data1:
      case DW_FORM.flag:
        w.u8(typeof v === 'boolean' ? (v ? 1 : 0) : Number(num() & 0xffn));
        return;
      case DW_FORM.data2:
        w.u16(Number(num() & 0xffffn));
        return;
      case DW_FORM.data4:
        w.u32(Number(BigInt.asUintN(32, num())));
        return;
      case DW_FORM.data8:
      case DW_FORM.ref_sig8:
        w.u64(num());
        return;
      case DW_FORM.data16:
        w.bytes(v as Uint8Array);
        return;
      case DW_FORM.sdata:
        w.sleb(num());
        return;
      case DW_FORM.udata:
        w.uleb(num());
        return;
      case DW_FORM.string:
        w.cstr(v as string);
        return;
      case DW_FORM.strp:
        w.uint(this.out.str.add(v as string), os);
        return;
      case DW_FORM.line_strp:
        w.uint(this.out.line_str.add(v as string), os);
        return;
      case DW_FORM.strx:
      case DW_FORM.strx1:
      case DW_FORM.strx2:
      case DW_FORM.strx3:
      case DW_FORM.strx4: {
        const idx = this.strx.push(this.out.str.add(v as string)) - 1;
        if (form === DW_FORM.strx) w.uleb(idx);
        else w.uint(idx, form - DW_FORM.strx1 + 1);
        return;
      }
      case DW_FORM.addrx:
      case DW_FORM.addrx1:
      case DW_FORM.addrx2:
      case DW_FORM.addrx3:
      case DW_FORM.addrx4: {
        const idx = this.addrx.push(num()) - 1;
        if (form === DW_FORM.addrx) w.uleb(idx);
        else w.uint(idx, form - DW_FORM.addrx1 + 1);
        return;
      }
      case DW_FORM.sec_offset:
        w.uint(num(), os);
        return;
      case DW_FORM.exprloc:
      case DW_FORM.block:
        w.uleb((v as Uint8Array).length).bytes(v as Uint8Array);
        return;
      case DW_FORM.block1:
        w.u8((v as Uint8Array).length).bytes(v as Uint8Array);
        return;
      case DW_FORM.block2:
        w.u16((v as Uint8Array).length).bytes(v as Uint8Array);
        return;
      case DW_FORM.block4:
        w.u32((v as Uint8Array).length).bytes(v as Uint8Array);
        return;
      case DW_FORM.flag_present:
      case DW_FORM.implicit_const:
        return;
      default:
        throw new Error(`writer: form 0x${form.toString(16)} needs a special value`);
    }
  }

  private rangesValue(form: number, ranges: [bigint, bigint][]): void {
    const as = this.addressSize;
    if (this.spec.version < 5) {
      const r = this.out.ranges;
      const off = r.length;
      for (const [a, b] of ranges) r.uint(a, as).uint(b, as);
      r.uint(0, as).uint(0, as);
      this.w.uint(off, this.offsetSize);
      return;
    }
    const r = this.out.rnglists;
    // One contribution (header + offsets array of one entry) per list keeps this simple.
    const os = this.offsetSize;
    const { lenAt, base } = listHeader(r, os, as);
    const list = r.length;
    // Exercise several entry kinds: base_address + offset_pair, start_length, start_end.
    ranges.forEach(([a, b], i) => {
      if (i % 3 === 0)
        r.u8(DW_RLE.base_address)
          .uint(a, as)
          .u8(DW_RLE.offset_pair)
          .uleb(0)
          .uleb(b - a);
      else if (i % 3 === 1)
        r.u8(DW_RLE.start_length)
          .uint(a, as)
          .uleb(b - a);
      else r.u8(DW_RLE.start_end).uint(a, as).uint(b, as);
    });
    r.u8(DW_RLE.end_of_list);
    finishList(r, os, lenAt, base, list);
    this.rngBase = base;
    if (form === DW_FORM.rnglistx) this.w.uleb(0);
    else this.w.uint(list, os);
  }

  private loclistValue(form: number, list: { low: bigint; high: bigint; expr: number[] }[]): void {
    const as = this.addressSize;
    if (this.spec.version < 5) {
      const r = this.out.loc;
      const off = r.length;
      for (const e of list) r.uint(e.low, as).uint(e.high, as).u16(e.expr.length).bytes(e.expr);
      r.uint(0, as).uint(0, as);
      this.w.uint(off, this.offsetSize);
      return;
    }
    const r = this.out.loclists;
    const os = this.offsetSize;
    const { lenAt, base } = listHeader(r, os, as);
    const at = r.length;
    list.forEach((e, i) => {
      if (i % 2 === 0) r.u8(DW_LLE.start_end).uint(e.low, as).uint(e.high, as);
      else
        r.u8(DW_LLE.start_length)
          .uint(e.low, as)
          .uleb(e.high - e.low);
      r.uleb(e.expr.length).bytes(e.expr);
    });
    r.u8(DW_LLE.end_of_list);
    finishList(r, os, lenAt, base, at);
    this.locBase = base;
    if (form === DW_FORM.loclistx) this.w.uleb(0);
    else this.w.uint(at, os);
  }
}
