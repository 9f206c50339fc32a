// Module code for the unwinder and the symbolizer: which module an address is in, its
// ORC table and its function symbols, each read from the dump the first time a pc of that
// module is met (prepare), then answered synchronously.
// Elf64_Sym (include/uapi/linux/elf.h): st_name u32 @0, st_info u8 @4, st_other @5,
// st_shndx u16 @6, st_value u64 @8, st_size u64 @16; 24 bytes. STT_FUNC = 2.
import type { SymbolAt, SymbolInfo } from '../../../debuginfo/debug-info';
import { errorMessage, type Warning } from '../../../errors';
import { readU32, readU64, type AddressSpace } from '../../../memory/address-space';
import { readCString } from '../../../program/object-value';
import type { OrcFormatVersion } from '../../../unwind/orc-entry';
import { floorIndex } from '../../../unwind/floor-index';
import { OrcTable } from '../../../unwind/orc-table';
import type { LoadedModule } from './modules';

const SYM_SIZE = 24;
const STT_FUNC = 2;
const MAX_SYMBOLS = 1 << 18;
const MAX_ORCS = 1 << 22;
/** STB_LOCAL 0, STB_GLOBAL 1, STB_WEAK 2. */
const BINDINGS = ['local', 'global', 'weak'] as const;

interface ModuleData {
  orc: OrcTable | null;
  /** Function symbols sorted by address, and their offsets from the module text. */
  symbols: SymbolInfo[];
  starts: Float64Array;
}

export class ModuleCode {
  private readonly data = new Map<bigint, Promise<ModuleData>>();
  private readonly ready = new Map<bigint, ModuleData>();

  constructor(
    private readonly space: AddressSpace,
    readonly modules: readonly LoadedModule[],
    private readonly orcVersion: OrcFormatVersion | null,
    private readonly warnings: Warning[],
    /** Offsets of mod_kallsyms.symtab, num_symtab, strtab. */
    private readonly kallsyms: { symtab: number; num: number; strtab: number } | null,
  ) {}

  moduleOf(ip: bigint): LoadedModule | undefined {
    return this.modules.find((m) => ip >= m.text.start && ip < m.text.end);
  }

  /** Reads the module of `ip` (once); afterwards orcFind and symbolize answer for it. */
  async prepare(ip: bigint): Promise<void> {
    const m = this.moduleOf(ip);
    if (!m || this.ready.has(m.address)) return;
    let p = this.data.get(m.address);
    if (!p) {
      p = this.load(m);
      this.data.set(m.address, p);
    }
    this.ready.set(m.address, await p);
  }

  orcFind(ip: bigint) {
    const m = this.moduleOf(ip);
    return m ? this.ready.get(m.address)?.orc?.find(ip) : undefined;
  }

  symbolize(ip: bigint): SymbolAt | undefined {
    const m = this.moduleOf(ip);
    const d = m && this.ready.get(m.address);
    if (!d) return undefined;
    const s = d.symbols[floorIndex(d.starts, Number(ip - m.text.start))];
    if (!s || (s.size > 0n && ip >= s.address + s.size)) return undefined;
    return { symbol: s, offset: ip - s.address };
  }

  private async load(m: LoadedModule): Promise<ModuleData> {
    const out: ModuleData = { orc: null, symbols: [], starts: new Float64Array(0) };
    try {
      if (m.orc && this.orcVersion !== null && m.orc.count <= MAX_ORCS) {
        out.orc = new OrcTable({
          name: m.name,
          ipTableAddress: m.orc.ipTable,
          ipBytes: await this.space.read(m.orc.ipTable, m.orc.count * 4),
          entryBytes: await this.space.read(m.orc.entries, m.orc.count * 6),
          version: this.orcVersion,
          ranges: [m.text],
        });
      }
      if (m.kallsyms && this.kallsyms) {
        out.symbols = await this.loadSymbols(m, m.kallsyms);
        out.starts = Float64Array.from(out.symbols, (s) => Number(s.address - m.text.start));
      }
    } catch (e) {
      this.warnings.push({ code: 'MODULE_UNREADABLE', message: `module ${m.name}: ${errorMessage(e)}` });
    }
    return out;
  }

  private async loadSymbols(m: LoadedModule, kallsyms: bigint): Promise<SymbolInfo[]> {
    const k = this.kallsyms!;
    const symtab = await readU64(this.space, kallsyms + BigInt(k.symtab));
    const num = await readU32(this.space, kallsyms + BigInt(k.num));
    const strtab = await readU64(this.space, kallsyms + BigInt(k.strtab));
    if (num > MAX_SYMBOLS) throw new Error(`${num} symbols`);
    const bytes = await this.space.read(symtab, num * SYM_SIZE);
    const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const out: SymbolInfo[] = [];
    for (let i = 0; i < num; i++) {
      const o = i * SYM_SIZE;
      const address = v.getBigUint64(o + 8, true);
      if ((v.getUint8(o + 4) & 0xf) !== STT_FUNC || address < m.text.start || address >= m.text.end) continue;
      const name = await readCString(this.space, strtab + BigInt(v.getUint32(o, true)), 128);
      out.push({ name, address, size: v.getBigUint64(o + 16, true), type: 'function', binding: BINDINGS[v.getUint8(o + 4) >> 4] ?? 'global', module: m.name });
    }
    return out.sort((a, b) => (a.address < b.address ? -1 : a.address > b.address ? 1 : 0));
  }
}
