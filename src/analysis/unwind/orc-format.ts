// Which ORC entry format (orc-entry.ts) a kernel uses, from what the kernel itself says:
//  1. `.orc_header` (v6.4, commit b9f174c811e3; also 6.3.10): a 20-byte hash of
//     orc_types.h (scripts/orc_hash.sh). The known hashes are listed by drgn
//     (libdrgn/orc_info.c orc_version_from_header).
//  2. The layout of `struct orc_entry` in the types (BTF or DWARF): an `end` bitfield
//     means format 1 (2 if `signal` sits beside it); a 3-bit `type` with `signal` and no
//     `end` means format 3 (or 4: same bits, renumbered registers, which only the header tells).
//  3. Last resort, with a warning: the release, as drgn does (orc_version_from_osrelease).
import type { TypeSource } from '../debuginfo/debug-info';
import { findMember } from '../debuginfo/type-queries';
import { stripTypedefs } from '../debuginfo/type-queries';
import type { Warning } from '../errors';
import type { OrcFormatVersion } from './orc-entry';

export const ORC_HEADER_SIZE = 20;

// prettier-ignore
const HEADER_HASHES: [OrcFormatVersion, number[]][] = [
  [4, [0x13, 0x7c, 0x36, 0xad, 0x76, 0x27, 0xc4, 0xdd, 0x55, 0x93, 0x21, 0x76, 0xbb, 0x0e, 0xcd, 0xbd, 0x50, 0x41, 0xfc, 0x82]],
  [3, [0xfe, 0x5d, 0x32, 0xbf, 0x58, 0x1b, 0xd6, 0x3b, 0x2c, 0xa9, 0xa5, 0xc6, 0x5b, 0xa5, 0xa6, 0x25, 0xea, 0xb3, 0xfe, 0x24]],
  [2, [0xdb, 0x84, 0xae, 0xd4, 0x10, 0x3b, 0x31, 0xdd, 0x51, 0xe0, 0x17, 0xf8, 0xf7, 0x97, 0x83, 0xca, 0x98, 0x5c, 0x2c, 0x51]],
];

export function formatFromHeader(header: Uint8Array): OrcFormatVersion | null {
  if (header.length !== ORC_HEADER_SIZE) return null;
  for (const [v, hash] of HEADER_HASHES) if (hash.every((b, i) => header[i] === b)) return v;
  return null;
}

/** What the bitfields of struct orc_entry say: 1, 2, 3 (meaning 3 or 4), or null. */
export function formatFromTypes(types: TypeSource | null): OrcFormatVersion | null {
  const t = types?.findType('orc_entry', 'struct');
  if (!t) return null;
  const s = stripTypedefs(t);
  if (s.kind !== 'struct') return null;
  const type = findMember(s, 'type');
  const end = findMember(s, 'end');
  const signal = findMember(s, 'signal');
  if (!type) return null;
  if (end) return signal ? 2 : 1;
  if (type.bitSize === 3 && signal) return 3;
  return null;
}

export function formatFromRelease(release: string | null | undefined): OrcFormatVersion | null {
  const m = /^(\d+)\.(\d+)/.exec(release ?? '');
  if (!m) return null;
  const [major, minor] = [Number(m[1]), Number(m[2])];
  if (major > 7 || (major === 7 && minor >= 1)) return 4;
  if (major > 6 || (major === 6 && minor >= 4)) return 3;
  return major === 6 && minor === 3 ? 2 : 1;
}

export interface FormatEvidence {
  header: Uint8Array | null;
  types: TypeSource | null;
  release: string | null | undefined;
}

/** The format, from the header, else the types, else the release; null when nothing tells. */
export function detectOrcFormat(e: FormatEvidence, warnings: Warning[]): OrcFormatVersion | null {
  const fromTypes = formatFromTypes(e.types);
  if (e.header) {
    const v = formatFromHeader(e.header);
    if (v === null) {
      warnings.push({ code: 'ORC_FORMAT', message: 'unrecognized .orc_header hash: the ORC entry format is unknown' });
      return null;
    }
    if (fromTypes !== null && fromTypes !== Math.min(v, 3)) {
      warnings.push({ code: 'ORC_FORMAT', message: `.orc_header says ORC format ${v} but struct orc_entry looks like format ${fromTypes}; using the header` });
    }
    return v;
  }
  if (fromTypes !== null) return fromTypes;
  const v = formatFromRelease(e.release);
  if (v !== null) {
    warnings.push({ code: 'ORC_FORMAT', message: `no .orc_header nor struct orc_entry type: ORC format ${v} guessed from release ${e.release}` });
  }
  return v;
}
