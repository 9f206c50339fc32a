// The vmlinux ORC tables, from the vmlinux file (.orc_unwind_ip, .orc_unwind, .orc_header
// sections; the ip table is self-relative, so the link-time section address plus the
// KASLR offset gives runtime ips) or, with no vmlinux, from the running kernel's memory
// between __start_orc_unwind_ip/__stop_orc_unwind_ip and __start_orc_unwind/__stop_orc_unwind
// (arch/x86/kernel/unwind_orc.c), with the orc_lookup..orc_lookup_end blocks unwind_init
// filled at boot and __start_orc_header when the kernel has one (v6.4).
import type { TypeSource } from '../debuginfo/debug-info';
import type { ElfFile } from '../debuginfo/elf/elf-file';
import { errorMessage, type Warning } from '../errors';
import type { AddressSpace } from '../memory/address-space';
import { ORC_ENTRY_SIZE } from './orc-entry';
import { detectOrcFormat, ORC_HEADER_SIZE } from './orc-format';
import { OrcTable } from './orc-table';

/** Tables larger than this are corrupt (a 6.x distribution kernel has ~400k entries). */
const MAX_ENTRIES = 8 << 20;
const CHUNK = 1 << 20;

export interface OrcLoadOptions {
  /** Text the vmlinux table describes (runtime addresses): [_stext, _etext), init text. */
  textRanges: { start: bigint; end: bigint }[];
  types: TypeSource | null;
  release: string | null | undefined;
  warnings: Warning[];
}

export async function orcFromVmlinux(elf: ElfFile, kaslrOffset: bigint, opts: OrcLoadOptions): Promise<OrcTable | null> {
  const ipSec = elf.section('.orc_unwind_ip');
  const entSec = elf.section('.orc_unwind');
  if (!ipSec || !entSec) {
    opts.warnings.push({ code: 'NO_ORC', message: `${elf.source.name} has no .orc_unwind_ip/.orc_unwind sections` });
    return null;
  }
  const hdrSec = elf.section('.orc_header');
  const header = hdrSec ? await elf.readSection(hdrSec) : null;
  const version = detectOrcFormat({ header, types: opts.types, release: opts.release }, opts.warnings);
  if (version === null) return null;
  if (!sizesAgree(ipSec.size, entSec.size, 'vmlinux sections', opts.warnings)) return null;
  const table = new OrcTable({
    name: 'vmlinux',
    ipTableAddress: ipSec.addr + kaslrOffset,
    ipBytes: await elf.readSection(ipSec),
    entryBytes: await elf.readSection(entSec),
    version,
    ranges: opts.textRanges,
  });
  return table;
}

export async function orcFromMemory(
  space: AddressSpace,
  symbol: (name: string) => bigint | undefined,
  opts: OrcLoadOptions,
): Promise<OrcTable | null> {
  const need = ['__start_orc_unwind_ip', '__stop_orc_unwind_ip', '__start_orc_unwind', '__stop_orc_unwind'];
  const addr = need.map(symbol);
  if (addr.some((a) => a === undefined)) {
    opts.warnings.push({ code: 'NO_ORC', message: `no ORC tables in the dump's symbols (${need.filter((_, i) => addr[i] === undefined).join(', ')} missing)` });
    return null;
  }
  const [ipStart, ipStop, entStart, entStop] = addr as bigint[];
  const ipSize = Number(ipStop! - ipStart!);
  const entSize = Number(entStop! - entStart!);
  if (!sizesAgree(ipSize, entSize, 'in-memory tables', opts.warnings)) return null;
  try {
    const hdr = symbol('__start_orc_header');
    const header = hdr !== undefined ? await space.read(hdr, ORC_HEADER_SIZE) : null;
    const version = detectOrcFormat({ header, types: opts.types, release: opts.release }, opts.warnings);
    if (version === null) return null;
    const lookupStart = symbol('orc_lookup');
    const lookupEnd = symbol('orc_lookup_end');
    const stext = symbol('_stext');
    const etext = symbol('_etext');
    let lookup;
    if (lookupStart !== undefined && lookupEnd !== undefined && stext !== undefined && etext !== undefined && lookupEnd > lookupStart) {
      const bytes = await readChunked(space, lookupStart, Number(lookupEnd - lookupStart) & ~3);
      lookup = { start: stext, stop: etext, blocks: new Uint32Array(bytes.buffer, bytes.byteOffset, bytes.length / 4) };
    }
    return new OrcTable({
      name: 'vmlinux (memory)',
      ipTableAddress: ipStart!,
      ipBytes: await readChunked(space, ipStart!, ipSize),
      entryBytes: await readChunked(space, entStart!, entSize),
      version,
      ranges: opts.textRanges,
      lookup,
    });
  } catch (e) {
    opts.warnings.push({ code: 'NO_ORC', message: `reading the in-memory ORC tables: ${errorMessage(e)}` });
    return null;
  }
}

function sizesAgree(ipSize: number, entSize: number, what: string, warnings: Warning[]): boolean {
  const n = ipSize / 4;
  if (ipSize <= 0 || ipSize % 4 !== 0 || entSize % ORC_ENTRY_SIZE !== 0 || entSize / ORC_ENTRY_SIZE !== n || n > MAX_ENTRIES) {
    warnings.push({ code: 'BAD_ORC', message: `ORC ${what}: ${ipSize} bytes of ips and ${entSize} bytes of entries do not make one table` });
    return false;
  }
  return true;
}

/** Reads into one aligned buffer (Uint32Array views need 4-byte alignment). */
async function readChunked(space: AddressSpace, address: bigint, length: number): Promise<Uint8Array> {
  const out = new Uint8Array(length);
  for (let o = 0; o < length; o += CHUNK) {
    out.set(await space.read(address + BigInt(o), Math.min(CHUNK, length - o)), o);
  }
  return out;
}
