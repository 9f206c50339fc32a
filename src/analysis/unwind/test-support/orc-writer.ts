// Writes synthetic ORC tables (.orc_unwind_ip + .orc_unwind) in any of the entry formats
// of orc-entry.ts, the inverse of decodeOrcEntry, for the unwinder's unit tests.
import type { OrcEntry, OrcFormatVersion, OrcReg, OrcType } from '../orc-entry';

const REGS_V1: OrcReg[] = ['undefined', 'prev_sp', 'dx', 'di', 'bp', 'sp', 'r10', 'r13', 'bp_indirect', 'sp_indirect'];
const REGS_V4: OrcReg[] = ['undefined', 'ax', 'dx', 'sp', 'bp', 'di', 'r10', 'r13', 'prev_sp', 'sp_indirect', 'bp_indirect'];
const TYPES_V3: OrcType[] = ['undefined', 'end-of-stack', 'call', 'regs', 'regs-partial'];

export type RawOrc = Partial<OrcEntry> & { ip: bigint; type: OrcType };

/** The u16 bitfield word of one entry; `flags` overrides it (corrupt entries). */
export function orcFlags(e: RawOrc, version: OrcFormatVersion): number {
  const regs = version === 4 ? REGS_V4 : REGS_V1;
  const sp = regs.indexOf(e.spReg ?? 'undefined');
  const bp = regs.indexOf(e.bpReg ?? 'undefined');
  let f = (sp & 0xf) | ((bp & 0xf) << 4);
  if (version <= 2) {
    const endBit = version === 1 ? 0x400 : 0x800;
    if (e.type === 'undefined' || e.type === 'end-of-stack') {
      f &= ~0xf; // sp_reg UNDEFINED
      if (e.type === 'end-of-stack') f |= endBit;
    } else f |= ['call', 'regs', 'regs-partial'].indexOf(e.type) << 8;
    if (version === 2 && e.signal) f |= 0x400;
  } else {
    f |= TYPES_V3.indexOf(e.type) << 8;
    if (e.signal) f |= 0x800;
  }
  return f;
}

export interface WrittenOrc {
  ipBytes: Uint8Array;
  entryBytes: Uint8Array;
}

/**
 * Tables for entries in the given order (not sorted here), the ip table placed at
 * `ipTableAddress`. `raw` gives a flags word for an entry index (to write corrupt bits).
 */
export function writeOrc(ipTableAddress: bigint, entries: RawOrc[], version: OrcFormatVersion, raw: Map<number, number> = new Map()): WrittenOrc {
  const ipBytes = new Uint8Array(entries.length * 4);
  const entryBytes = new Uint8Array(entries.length * 6);
  const iv = new DataView(ipBytes.buffer);
  const ev = new DataView(entryBytes.buffer);
  entries.forEach((e, i) => {
    iv.setInt32(i * 4, Number(e.ip - (ipTableAddress + BigInt(i * 4))), true);
    ev.setInt16(i * 6, e.spOffset ?? 0, true);
    ev.setInt16(i * 6 + 2, e.bpOffset ?? 0, true);
    ev.setUint16(i * 6 + 4, raw.get(i) ?? orcFlags(e, version), true);
  });
  return { ipBytes, entryBytes };
}
