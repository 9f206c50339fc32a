// Is this vmlinux the kernel that wrote the dump? Checked before any debug info is
// indexed, cheapest first:
//  1. build-id: VMCOREINFO "BUILD-ID=" (kernel/crash_core.c, v5.9+) against the
//     vmlinux NT_GNU_BUILD_ID note;
//  2. release: VMCOREINFO "OSRELEASE=" against the release in the vmlinux's own
//     linux_banner ("Linux version <release> (…)", init/version-timestamp.c);
//  3. linux_banner: the string in the dump's memory against the one in the vmlinux
//     .rodata (same build, same bytes — the banner holds the compiler, build number
//     and date, so a rebuild of the same release differs here).
// A check whose dump side is missing (old kernel, unreadable page) is skipped with a
// warning; a real difference throws VmlinuxMismatchError unless forced.
import { VmlinuxMismatchError, errorMessage, type VmlinuxCheck, type Warning } from '../errors';
import type { SymbolSource } from '../debuginfo/debug-info';
import type { ElfFile } from '../debuginfo/elf/elf-file';
import { SHT_NOBITS } from '../debuginfo/elf/elf-header';
import type { AddressSpace } from '../memory/address-space';
import { latin1, readCString } from './object-value';

/** linux_banner is one line of text; this bounds the read when the symbol has no size. */
const BANNER_MAX = 1024;

export interface MatchReport {
  /** null when the dump has no BUILD-ID or the vmlinux no build-id note. */
  buildIdMatch: boolean | null;
  /** Checks that ran and agreed. */
  agreed: VmlinuxCheck[];
}

export class VmlinuxMatcher {
  readonly report: MatchReport = { buildIdMatch: null, agreed: [] };

  constructor(
    private readonly name: string,
    private readonly force: boolean,
    private readonly warnings: Warning[],
  ) {}

  /** Step 1, before the symbol table is read. */
  buildId(dump: string | undefined, vmlinux: string | null): void {
    if (!dump || !vmlinux) {
      this.warnings.push({
        code: 'VMLINUX_UNCHECKED',
        message: `build-id not compared: ${!dump ? 'the dump has no VMCOREINFO BUILD-ID' : `${this.name} has no GNU build-id note`}`,
      });
      return;
    }
    this.report.buildIdMatch = dump === vmlinux;
    this.compare('build-id', dump, vmlinux);
  }

  /** Steps 2 and 3, once linux_banner can be read from both sides. */
  async banner(
    osRelease: string | undefined,
    elf: ElfFile,
    linkTime: SymbolSource,
    dumpSpace: AddressSpace | null,
    runtimeAddress: bigint | undefined,
  ): Promise<void> {
    const vmBanner = await bannerOfVmlinux(elf, linkTime).catch((e: unknown) => {
      this.warnings.push({ code: 'VMLINUX_UNCHECKED', message: `linux_banner of ${this.name}: ${errorMessage(e)}` });
      return undefined;
    });
    if (vmBanner === undefined) return;
    const vmRelease = /^Linux version (\S+)/.exec(vmBanner)?.[1];
    if (osRelease && vmRelease) this.compare('osrelease', osRelease, vmRelease);
    if (runtimeAddress === undefined || !dumpSpace) {
      this.warnings.push({ code: 'VMLINUX_UNCHECKED', message: 'linux_banner in the dump cannot be located: not compared' });
      return;
    }
    let dumpBanner: string;
    try {
      dumpBanner = await readCString(dumpSpace, runtimeAddress, Math.max(vmBanner.length + 1, 64));
    } catch (e) {
      this.warnings.push({ code: 'VMLINUX_UNCHECKED', message: `linux_banner in the dump: ${errorMessage(e)}` });
      return;
    }
    this.compare('linux_banner', dumpBanner.trimEnd(), vmBanner.trimEnd());
  }

  private compare(check: VmlinuxCheck, dump: string, vmlinux: string): void {
    if (dump === vmlinux) {
      this.report.agreed.push(check);
      return;
    }
    const e = new VmlinuxMismatchError(this.name, check, dump, vmlinux);
    if (!this.force) throw e;
    this.warnings.push({ code: 'VMLINUX_MISMATCH', message: `${e.message} — forced` });
  }
}

/** The linux_banner string as the vmlinux file holds it (read from its section). */
export async function bannerOfVmlinux(elf: ElfFile, linkTime: SymbolSource): Promise<string> {
  const sym = linkTime.lookup('linux_banner');
  if (!sym) throw new Error('no linux_banner symbol');
  const size = sym.size > 0n && sym.size <= BigInt(BANNER_MAX) ? Number(sym.size) : BANNER_MAX;
  const bytes = await readElfAddress(elf, sym.address, size);
  const nul = bytes.indexOf(0);
  return latin1(nul >= 0 ? bytes.subarray(0, nul) : bytes);
}

/** Bytes of an allocated section at a link-time address, from the file. */
export async function readElfAddress(elf: ElfFile, address: bigint, length: number): Promise<Uint8Array> {
  const s = elf.sections.find(
    (x) => x.type !== SHT_NOBITS && x.addr !== 0n && address >= x.addr && address < x.addr + BigInt(x.size),
  );
  if (!s) throw new Error(`0x${address.toString(16)} is in no section with contents`);
  const off = Number(address - s.addr);
  return elf.source.read(s.offset + off, Math.min(length, s.size - off));
}
