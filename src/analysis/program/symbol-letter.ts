// The one-letter symbol type nm, System.map, /proc/kallsyms and crash's `sym` print:
// upper case for global, lower case for local; T text, D data, R read-only data, B bss,
// W/V weak (function/object), A absolute. kallsyms carries the letter; a vmlinux .symtab
// symbol gets it from the flags of the section holding it (binutils nm, decode_section_type).
import type { SymbolInfo } from '../debuginfo/debug-info';
import type { ElfSection } from '../debuginfo/elf/elf-file';
import { SHT_NOBITS } from '../debuginfo/elf/elf-header';

const SHF_WRITE = 1n;
const SHF_ALLOC = 2n;
const SHF_EXECINSTR = 4n;

/**
 * `sym`: the symbol with its runtime address; `linkAddress`: its vmlinux address (the
 * same for absolute symbols); `sections`: the vmlinux section headers.
 */
export function symbolLetter(
  sym: SymbolInfo,
  linkAddress: bigint,
  sections: readonly ElfSection[] | undefined,
): string {
  if (sym.letter) return sym.letter;
  const local = sym.binding === 'local';
  if (sym.binding === 'weak') return sym.type === 'object' ? 'V' : 'W';
  const s = sections?.find(
    (x) =>
      (x.flags & SHF_ALLOC) !== 0n &&
      linkAddress >= x.addr &&
      (linkAddress < x.addr + BigInt(x.size) || (x.size === 0 && linkAddress === x.addr)),
  );
  let letter: string;
  if (!s) letter = sym.absolute ? 'A' : '?';
  else if ((s.flags & SHF_EXECINSTR) !== 0n) letter = 'T';
  else if (s.type === SHT_NOBITS) letter = 'B';
  else if ((s.flags & SHF_WRITE) === 0n) letter = 'R';
  else letter = 'D';
  return local ? letter.toLowerCase() : letter;
}
