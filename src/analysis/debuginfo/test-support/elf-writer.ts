// Builds small ELF executables for tests: sections with contents, a symbol table,
// program headers. ELF32/ELF64, either byte order.

export interface TestSection {
  name: string;
  type: number;
  flags?: bigint;
  addr?: bigint;
  data?: Uint8Array;
  /** For NOBITS: the size without data. */
  size?: number;
  link?: number;
  info?: number;
  entsize?: number;
}

export interface TestSymbol {
  name: string;
  value: bigint;
  size?: bigint;
  /** STT_* (default FUNC = 2). */
  type?: number;
  /** STB_* (default GLOBAL = 1). */
  bind?: number;
  /** Section index (default 1). */
  shndx?: number;
}

export interface TestSegment {
  type: number;
  vaddr: bigint;
  memsz: bigint;
  offset?: number;
  filesz?: number;
}

export interface ElfWriterOptions {
  is64?: boolean;
  littleEndian?: boolean;
  type?: number;
  sections: TestSection[];
  symbols?: TestSymbol[];
  segments?: TestSegment[];
}

class Out {
  bytes = new Uint8Array(1 << 16);
  view = new DataView(this.bytes.buffer);
  len = 0;
  constructor(readonly le: boolean) {}
  private grow(n: number) {
    while (this.len + n > this.bytes.length) {
      const b = new Uint8Array(this.bytes.length * 2);
      b.set(this.bytes);
      this.bytes = b;
      this.view = new DataView(b.buffer);
    }
  }
  u8(v: number) {
    this.grow(1);
    this.view.setUint8(this.len++, v);
  }
  u16(v: number) {
    this.grow(2);
    this.view.setUint16(this.len, v, this.le);
    this.len += 2;
  }
  u32(v: number) {
    this.grow(4);
    this.view.setUint32(this.len, v, this.le);
    this.len += 4;
  }
  u64(v: bigint) {
    this.grow(8);
    this.view.setBigUint64(this.len, v, this.le);
    this.len += 8;
  }
  word(is64: boolean, v: bigint | number) {
    if (is64) this.u64(BigInt(v));
    else this.u32(Number(v));
  }
  raw(b: Uint8Array) {
    this.grow(b.length);
    this.bytes.set(b, this.len);
    this.len += b.length;
  }
  align(n: number) {
    while (this.len % n) this.u8(0);
  }
  result() {
    return this.bytes.slice(0, this.len);
  }
}

class StrTab {
  bytes: number[] = [0];
  add(s: string): number {
    const off = this.bytes.length;
    for (const b of new TextEncoder().encode(s)) this.bytes.push(b);
    this.bytes.push(0);
    return off;
  }
}

/** A GNU build-id note (namesz 4 "GNU\0", type 3). */
export function buildIdNote(id: Uint8Array, le = true): Uint8Array {
  const o = new Out(le);
  o.u32(4);
  o.u32(id.length);
  o.u32(3);
  o.raw(new TextEncoder().encode('GNU\0'));
  o.raw(id);
  o.align(4);
  return o.result();
}

export function writeElf(opts: ElfWriterOptions): Uint8Array {
  const is64 = opts.is64 ?? true;
  const le = opts.littleEndian ?? true;
  const sections: TestSection[] = [{ name: '', type: 0 }, ...opts.sections];
  if (opts.symbols) {
    const str = new StrTab();
    const sym = new Out(le);
    const entry = (name: number, value: bigint, size: bigint, info: number, shndx: number) => {
      sym.u32(name);
      if (is64) {
        sym.u8(info);
        sym.u8(0);
        sym.u16(shndx);
        sym.u64(value);
        sym.u64(size);
      } else {
        sym.u32(Number(value));
        sym.u32(Number(size));
        sym.u8(info);
        sym.u8(0);
        sym.u16(shndx);
      }
    };
    entry(0, 0n, 0n, 0, 0);
    for (const s of opts.symbols) {
      entry(
        str.add(s.name),
        s.value,
        s.size ?? 0n,
        ((s.bind ?? 1) << 4) | (s.type ?? 2),
        s.shndx ?? 1,
      );
    }
    const strIndex = sections.length + 1;
    sections.push({
      name: '.symtab',
      type: 2,
      data: sym.result(),
      link: strIndex,
      entsize: is64 ? 24 : 16,
    });
    sections.push({ name: '.strtab', type: 3, data: Uint8Array.from(str.bytes) });
  }
  const shstr = new StrTab();
  const nameOffs = sections.map((s) => (s.name ? shstr.add(s.name) : 0));
  const shstrIndex = sections.length;
  nameOffs.push(shstr.add('.shstrtab'));
  sections.push({ name: '.shstrtab', type: 3, data: Uint8Array.from(shstr.bytes) });

  const o = new Out(le);
  const ehsize = is64 ? 64 : 52;
  const phentsize = is64 ? 56 : 32;
  const shentsize = is64 ? 64 : 40;
  const segs = opts.segments ?? [];
  o.len = ehsize + segs.length * phentsize;
  const offsets: number[] = [];
  for (const s of sections) {
    o.align(8);
    offsets.push(o.len);
    if (s.data && s.type !== 8) o.raw(s.data);
  }
  o.align(8);
  const shoff = o.len;
  sections.forEach((s, i) => {
    o.u32(nameOffs[i]!);
    o.u32(s.type);
    o.word(is64, s.flags ?? 0n);
    o.word(is64, s.addr ?? 0n);
    o.word(is64, i === 0 ? 0 : offsets[i]!);
    o.word(is64, s.data?.length ?? s.size ?? 0);
    o.u32(s.link ?? 0);
    o.u32(s.info ?? 0);
    o.word(is64, 1);
    o.word(is64, s.entsize ?? 0);
  });
  const end = o.len;
  o.len = 0;
  o.raw(Uint8Array.from([0x7f, 0x45, 0x4c, 0x46, is64 ? 2 : 1, le ? 1 : 2, 1, 0]));
  o.raw(new Uint8Array(8));
  o.u16(opts.type ?? 2);
  o.u16(62);
  o.u32(1);
  o.word(is64, 0x1000);
  o.word(is64, segs.length ? ehsize : 0);
  o.word(is64, shoff);
  o.u32(0);
  o.u16(ehsize);
  o.u16(phentsize);
  o.u16(segs.length);
  o.u16(shentsize);
  o.u16(sections.length);
  o.u16(shstrIndex);
  for (const p of segs) {
    o.u32(p.type);
    if (is64) o.u32(5);
    o.word(is64, p.offset ?? 0);
    o.word(is64, p.vaddr);
    o.word(is64, p.vaddr);
    o.word(is64, p.filesz ?? 0);
    o.word(is64, p.memsz);
    if (!is64) o.u32(5);
    o.word(is64, 0x1000);
  }
  o.len = end;
  return o.result();
}
