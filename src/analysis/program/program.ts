// A Program binds one dump to the debug info that describes it (drgn's Program): kernel
// memory with its address translation, symbols in runtime (KASLR-shifted) addresses,
// types, and typed objects read lazily. Built by openProgram (open-program.ts).
import { LookupError, MissingDebugInfoError, type Warning } from '../errors';
import type { CodeSource, SymbolAt, SymbolInfo, SymbolSource, TypeSource } from '../debuginfo/debug-info';
import type { ElfFile } from '../debuginfo/elf/elf-file';
import type { Type } from '../debuginfo/types';
import type { DumpImage } from '../formats/dump-image';
import type { VmcoreInfo } from '../formats/notes/vmcoreinfo';
import { readU64, type AddressSpace } from '../memory/address-space';
import type { KernelMemory } from '../memory/x86_64/kernel-memory';
import { knownVariableType } from './known-variables';
import { containerOf, listForEachEntry, type ListWalkOptions, type ListWalkResult } from './list';
import { KObject } from './object';
import type { ObjectContext } from './object-context';
import { readCString } from './object-value';
import { symbolLetter } from './symbol-letter';

export type DebugInfoSource = 'vmlinux' | 'dump';

/** Where each piece of debug info came from, and how long it took (ms). */
export interface ProgramProvenance {
  symbols: SymbolSource['kind'] | 'vmcoreinfo';
  types: TypeSource['kind'] | null;
  timings: Record<string, number>;
}

export interface ProgramParts {
  image: DumpImage;
  vmcoreinfo: VmcoreInfo | null;
  memory: KernelMemory;
  symbols: SymbolSource;
  types: TypeSource | null;
  code: CodeSource | null;
  debugInfoSource: DebugInfoSource;
  /** null when not compared (no vmlinux, or no build-id on one side). */
  vmlinuxBuildIdMatch: boolean | null;
  kaslrOffset: bigint;
  /** The vmlinux, when one is used. */
  vmlinux: ElfFile | null;
  provenance: ProgramProvenance;
  warnings: Warning[];
}

const VARIABLE_PATH = /^\s*([A-Za-z_$][\w$]*)\s*(.*)$/s;

export class Program implements ObjectContext {
  readonly image: DumpImage;
  readonly vmcoreinfo: VmcoreInfo | null;
  readonly memory: KernelMemory;
  readonly symbols: SymbolSource;
  readonly types: TypeSource | null;
  readonly code: CodeSource | null;
  readonly debugInfoSource: DebugInfoSource;
  readonly vmlinuxBuildIdMatch: boolean | null;
  readonly kaslrOffset: bigint;
  readonly vmlinux: ElfFile | null;
  readonly provenance: ProgramProvenance;
  readonly warnings: Warning[];

  constructor(p: ProgramParts) {
    this.image = p.image;
    this.vmcoreinfo = p.vmcoreinfo;
    this.memory = p.memory;
    this.symbols = p.symbols;
    this.types = p.types;
    this.code = p.code;
    this.debugInfoSource = p.debugInfoSource;
    this.vmlinuxBuildIdMatch = p.vmlinuxBuildIdMatch;
    this.kaslrOffset = p.kaslrOffset;
    this.vmlinux = p.vmlinux;
    this.provenance = p.provenance;
    this.warnings = p.warnings;
  }

  /** Kernel virtual memory (ObjectContext). */
  get space(): AddressSpace {
    return this.memory.virtual;
  }

  // ---- symbols -------------------------------------------------------------

  symbol(name: string): SymbolInfo | undefined {
    return this.symbols.lookup(name);
  }

  /** Runtime address of a symbol; throws LookupError when there is none. */
  symbolAddress(name: string): bigint {
    const s = this.symbols.lookup(name);
    if (!s) throw new LookupError(`no symbol ${name}`);
    return s.address;
  }

  symbolize(address: bigint): SymbolAt | undefined {
    return this.symbols.symbolize(address);
  }

  /** nm's type letter of a symbol (T, D, B, R, t, d…), as crash's `sym` prints it. */
  symbolLetter(sym: SymbolInfo): string {
    const link = sym.absolute ? sym.address : sym.address - this.kaslrOffset;
    return symbolLetter(sym, link, this.vmlinux?.sections);
  }

  // ---- types ---------------------------------------------------------------

  findType(name: string): Type | undefined {
    return this.types?.findType(name);
  }

  /** A named type (ObjectContext); throws when there is no debug info or no such type. */
  type(name: string): Type {
    if (!this.types) throw new MissingDebugInfoError(`types (looking for ${name}): neither DWARF nor BTF is available`);
    const t = this.types.findType(name);
    if (!t) throw new LookupError(`no type ${name} in the ${this.types.kind.toUpperCase()} debug info`);
    return t;
  }

  /** Type of a global variable: DWARF or BTF, else the declaration of a well-known global. */
  variableType(name: string): Type {
    const sym = this.symbols.lookup(name);
    const t =
      this.types?.findVariableType(name) ??
      knownVariableType(name, sym?.size ?? 0n, (n) => this.types?.findType(n));
    if (!t) throw new MissingDebugInfoError(`type of variable ${name}`);
    return t;
  }

  // ---- objects -------------------------------------------------------------

  /**
   * A global variable as an object, or a member path starting at one:
   * `variable('init_task')`, `variable('init_task.comm')`, `variable('init_task.tasks.next')`.
   * No pointer is followed (use KObject.follow for "->").
   */
  variable(path: string): KObject {
    const m = VARIABLE_PATH.exec(path);
    if (!m) throw new LookupError(`bad variable path "${path}"`);
    const name = m[1]!;
    const sym = this.symbols.lookup(name);
    if (!sym) throw new LookupError(`no symbol ${name}`);
    // x86_64 per-CPU symbols are offsets into each CPU's area, not addresses.
    if (sym.absolute) throw new LookupError(`${name} is a per-CPU variable: use perCpuVariable("${name}", cpu)`);
    const obj = new KObject(this, this.variableType(name), sym.address);
    const rest = m[2]!.trim();
    return rest ? obj.member(rest) : obj;
  }

  /** `*(type *)address`. */
  object(type: Type | string, address: bigint): KObject {
    return new KObject(this, typeof type === 'string' ? this.type(type) : type, address);
  }

  /** This CPU's instance of a per-CPU variable (`per_cpu(name, cpu)`). */
  async perCpuVariable(name: string, cpu: number): Promise<KObject> {
    return new KObject(this, this.variableType(name), await this.perCpuPtr(this.symbolAddress(name), cpu));
  }

  containerOf(ptr: bigint, type: Type | string, member: string): KObject {
    return containerOf(this, ptr, type, member);
  }

  listForEachEntry(
    head: KObject | bigint,
    type: Type | string,
    member: string,
    opts?: ListWalkOptions,
  ): AsyncGenerator<KObject, ListWalkResult> {
    return listForEachEntry(this, head, type, member, opts);
  }

  // ---- memory --------------------------------------------------------------

  read(address: bigint, length: number, physical = false): Promise<Uint8Array> {
    return (physical ? this.memory.physical : this.memory.virtual).read(address, length);
  }

  readU64(address: bigint, physical = false): Promise<bigint> {
    return readU64(physical ? this.memory.physical : this.memory.virtual, address);
  }

  /** NUL-terminated string at a kernel virtual address, at most `max` bytes. */
  readString(address: bigint, max = 4096): Promise<string> {
    return readCString(this.memory.virtual, address, max);
  }

  perCpuPtr(address: bigint, cpu: number): Promise<bigint> {
    return this.memory.perCpuPtr(address, cpu);
  }
}
