// The VMCOREINFO note: ASCII "KEY=VALUE\n" lines written by the kernel's VMCOREINFO_*
// macros (include/linux/crash_core.h, 6.9+: include/linux/vmcore_info.h;
// kernel/crash_core.c crash_save_vmcoreinfo_init + arch_crash_save_vmcoreinfo).
//   SYMBOL(x)=%lx   hex, no 0x          KERNELOFFSET=%lx   hex, no 0x
//   SIZE(x)=%lu  OFFSET(s.m)=%lu  LENGTH(x)=%lu   unsigned decimal
//   NUMBER(x)=%ld   signed decimal; arm64 also writes NUMBER(x)=0x%llx
//   CONFIG_X=y   PAGESIZE=%ld   OSRELEASE=%s   BUILD-ID=%20phN   CRASHTIME=%lld
// Nothing here throws: unknown keys and unparsable values stay available through raw().
import { NT_VMCOREINFO, type ElfNote } from './elf-note';

/** Note name of the kernel's VMCOREINFO (Xen's own is "VMCOREINFO_XEN" and is not this). */
export const VMCOREINFO_NOTE_NAME = 'VMCOREINFO';

const DEC = /^-?[0-9]+$/;
const HEX = /^[0-9a-fA-F]+$/;
const HEX_0X = /^0[xX][0-9a-fA-F]+$/;

export class VmcoreInfo {
  private readonly map = new Map<string, string>();
  private readonly pairs: [string, string][] = [];
  private readonly bad: string[] = [];

  constructor(readonly text: string) {
    const nul = text.indexOf('\0');
    const body = nul >= 0 ? text.slice(0, nul) : text;
    for (const rawLine of body.split('\n')) {
      const line = rawLine.endsWith('\r') ? rawLine.slice(0, -1) : rawLine;
      if (line === '') continue;
      const eq = line.indexOf('=');
      if (eq <= 0) {
        this.bad.push(line);
        continue;
      }
      const key = line.slice(0, eq);
      const value = line.slice(eq + 1);
      this.pairs.push([key, value]);
      // A key written twice (CRASHTIME is appended at panic): the later line wins.
      this.map.set(key, value);
    }
  }

  /** Parses a note descriptor (ASCII; bytes after a NUL are padding). */
  static fromBytes(desc: Uint8Array): VmcoreInfo {
    let s = '';
    for (let i = 0; i < desc.length; i++) {
      const b = desc[i]!;
      if (b === 0) break;
      s += String.fromCharCode(b);
    }
    return new VmcoreInfo(s);
  }

  /** The value text of `key` exactly as written, e.g. raw('SYMBOL(_stext)'). */
  raw(key: string): string | undefined {
    return this.map.get(key);
  }

  /** Every KEY=VALUE line in note order (duplicates included). */
  entries(): readonly (readonly [string, string])[] {
    return this.pairs;
  }

  /** Lines without a KEY= part. */
  malformedLines(): readonly string[] {
    return this.bad;
  }

  /** SYMBOL(name): runtime virtual address (KASLR already applied). */
  symbol(name: string): bigint | undefined {
    return parseHex(this.map.get(`SYMBOL(${name})`));
  }

  /** SIZE(name): sizeof the struct/type in bytes. */
  size(name: string): number | undefined {
    return parseUnsigned(this.map.get(`SIZE(${name})`));
  }

  /** OFFSET(struct.member): byte offset of the member. */
  offset(structMember: string): number | undefined {
    return parseUnsigned(this.map.get(`OFFSET(${structMember})`));
  }

  /** LENGTH(name): array length. */
  length(name: string): number | undefined {
    return parseUnsigned(this.map.get(`LENGTH(${name})`));
  }

  /** NUMBER(name) as a signed value: NUMBER(phys_base)=-570425344 → -570425344n. */
  number(name: string): bigint | undefined {
    return parseNumber(this.map.get(`NUMBER(${name})`));
  }

  /** NUMBER(name) as the 64-bit two's-complement pattern: -570425344 → 0xffffffffde000000n. */
  numberU64(name: string): bigint | undefined {
    const v = this.number(name);
    return v === undefined ? undefined : BigInt.asUintN(64, v);
  }

  /** CONFIG_name=y → true, =n → false; absent or other → undefined. Accepts "X" or "CONFIG_X". */
  config(name: string): boolean | undefined {
    const v = this.map.get(name.startsWith('CONFIG_') ? name : `CONFIG_${name}`);
    return v === 'y' ? true : v === 'n' ? false : undefined;
  }

  get pageSize(): number | undefined {
    return parseUnsigned(this.map.get('PAGESIZE'));
  }

  /** KERNELOFFSET: KASLR slide of the kernel image (hex). */
  get kernelOffset(): bigint | undefined {
    return parseHex(this.map.get('KERNELOFFSET'));
  }

  get osRelease(): string | undefined {
    return this.map.get('OSRELEASE');
  }

  /** BUILD-ID: lowercase hex of the vmlinux GNU build-id (5.9+). */
  get buildId(): string | undefined {
    const v = this.map.get('BUILD-ID')?.trim();
    return v && HEX.test(v) ? v.toLowerCase() : undefined;
  }

  /** CRASHTIME: seconds since the epoch, appended at panic by kdump. */
  get crashTime(): number | undefined {
    return parseUnsigned(this.map.get('CRASHTIME'));
  }
}

/** The first "VMCOREINFO" note (type 0) among `notes`, parsed; null when absent. */
export function findVmcoreInfo(notes: readonly ElfNote[]): VmcoreInfo | null {
  const n = notes.find((x) => x.name === VMCOREINFO_NOTE_NAME && x.type === NT_VMCOREINFO);
  return n ? VmcoreInfo.fromBytes(n.desc) : null;
}

function parseHex(v: string | undefined): bigint | undefined {
  if (v === undefined) return undefined;
  const s = v.trim();
  const n = HEX_0X.test(s) ? BigInt(s) : HEX.test(s) ? BigInt(`0x${s}`) : undefined;
  return n !== undefined && n < 1n << 64n ? n : undefined;
}

function parseNumber(v: string | undefined): bigint | undefined {
  if (v === undefined) return undefined;
  const s = v.trim();
  if (HEX_0X.test(s)) return BigInt(s);
  return DEC.test(s) ? BigInt(s) : undefined;
}

/** Unsigned decimal (or 0x hex) that fits a JS number. */
function parseUnsigned(v: string | undefined): number | undefined {
  const n = parseNumber(v);
  return n === undefined || n < 0n || n > BigInt(Number.MAX_SAFE_INTEGER) ? undefined : Number(n);
}
