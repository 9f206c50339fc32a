// The WebAssembly scan (wasm/dwarf-scan.c) and the TypeScript scan build the same part.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DW_AT, DW_FORM, DW_TAG } from '../constants';
import { loadSmallSections } from '../load-sections';
import { findDwarfSections } from '../sections';
import { MemorySyncReader } from '../sync-reader';
import type { UnitSpec } from '../test-support/dwarf-writer';
import { normalizeParts } from '../test-support/normalize-part';
import { testElf } from '../test-support/open-test-dwarf';
import { codeUnits, typeUnits } from '../test-support/samples';
import { MemorySource } from '../../../io/memory-source';
import { buildIndexParts } from './build-index';
import { DWARF_SCAN_SOURCE_SHA256 } from './wasm/dwarf-scan-wasm';
import { wasmScanStats } from './wasm-scan-units';

async function parts(file: Uint8Array, engine: 'js' | 'wasm', abbrevWindow?: number) {
  const src = new MemorySource('test.elf', file);
  const secs = await findDwarfSections(src);
  const small = await loadSmallSections(src, secs);
  const ps = await buildIndexParts(new MemorySyncReader('test.elf', file), secs, small, {
    engine,
    abbrevWindow,
  });
  return normalizeParts(ps);
}

const T = 0xffffffff81000000n;

/** Forms the WebAssembly scan leaves to TypeScript: strx names, addrx low_pc. */
function indexedForms(): UnitSpec[] {
  return [
    {
      version: 5,
      root: {
        tag: DW_TAG.compile_unit,
        attrs: [
          [DW_AT.name, DW_FORM.strx1, 'x.c'],
          [DW_AT.str_offsets_base, DW_FORM.sec_offset, { base: 'str_offsets' }],
          [DW_AT.addr_base, DW_FORM.sec_offset, { base: 'addr' }],
          [DW_AT.low_pc, DW_FORM.addr, T],
          [DW_AT.high_pc, DW_FORM.data4, 0x100],
        ],
        children: [
          { tag: DW_TAG.base_type, attrs: [[DW_AT.name, DW_FORM.strx1, 'int']] },
          {
            tag: DW_TAG.subprogram,
            attrs: [
              [DW_AT.name, DW_FORM.strx1, 'f'],
              [DW_AT.low_pc, DW_FORM.addrx, T + 0x10n],
              [DW_AT.high_pc, DW_FORM.data4, 0x20],
            ],
          },
        ],
      },
    },
  ];
}

/** Shapes the WebAssembly scan takes itself: inline names, origins, flags, 32-bit units. */
function ownForms(): UnitSpec[] {
  return [
    {
      version: 4,
      addressSize: 4,
      root: {
        tag: DW_TAG.compile_unit,
        attrs: [
          [DW_AT.name, DW_FORM.string, 'small.c'],
          [DW_AT.low_pc, DW_FORM.addr, 0xc0001000n],
          [DW_AT.high_pc, DW_FORM.addr, 0xc0002000n],
        ],
        children: [
          { tag: DW_TAG.typedef, attrs: [[DW_AT.name, DW_FORM.string, 'u8']] },
          { tag: DW_TAG.typedef, attrs: [[DW_AT.name, DW_FORM.string, 'u8']] },
          {
            tag: DW_TAG.structure_type,
            sibling: true,
            attrs: [
              [DW_AT.name, DW_FORM.strp, 'page'],
              [DW_AT.declaration, DW_FORM.flag, 1],
            ],
            children: [{ tag: DW_TAG.member, attrs: [[DW_AT.name, DW_FORM.string, 'x']] }],
          },
          { tag: DW_TAG.structure_type, attrs: [[DW_AT.name, DW_FORM.strp, 'page']] },
          {
            tag: DW_TAG.variable,
            attrs: [
              [DW_AT.name, DW_FORM.strp, 'jiffies'],
              [DW_AT.declaration, DW_FORM.flag_present],
            ],
          },
          {
            tag: DW_TAG.subprogram,
            label: 'abstract',
            attrs: [[DW_AT.name, DW_FORM.strp, 'inl']],
          },
          {
            tag: DW_TAG.subprogram,
            attrs: [
              [DW_AT.abstract_origin, DW_FORM.ref4, { ref: 'abstract' }],
              [DW_AT.low_pc, DW_FORM.addr, 0xc0001100n],
              [DW_AT.high_pc, DW_FORM.udata, 0x40],
            ],
          },
          {
            tag: DW_TAG.subprogram,
            attrs: [
              [DW_AT.name, DW_FORM.strp, 'gone'],
              [DW_AT.low_pc, DW_FORM.addr, 0],
              [DW_AT.high_pc, DW_FORM.data2, 0x40],
            ],
          },
        ],
      },
    },
    {
      version: 5,
      offsetSize: 8,
      root: {
        tag: DW_TAG.compile_unit,
        attrs: [[DW_AT.name, DW_FORM.line_strp, 'big.c']],
        children: [
          {
            tag: DW_TAG.variable,
            attrs: [
              [DW_AT.name, DW_FORM.strp, 'jiffies'],
              [DW_AT.declaration, DW_FORM.implicit_const, 0],
            ],
          },
          {
            tag: DW_TAG.subprogram,
            attrs: [
              [DW_AT.name, DW_FORM.strp, 'split'],
              [
                DW_AT.ranges,
                DW_FORM.rnglistx,
                {
                  ranges: [
                    [T, T + 8n],
                    [T + 0x100n, T + 0x110n],
                  ],
                },
              ],
            ],
          },
        ],
      },
    },
  ];
}

describe('WebAssembly and TypeScript scans', () => {
  const samples: [string, () => UnitSpec[], boolean][] = [
    ['types, DWARF 3', () => typeUnits(3), true],
    ['types, DWARF 4 (type units)', () => typeUnits(4), true],
    ['types, DWARF 5', () => typeUnits(5), true],
    ['code, DWARF 4', () => codeUnits(4), true],
    ['code, DWARF 5', () => codeUnits(5), true],
    ['inline names, origins, flags, 32-bit and 64-bit units', ownForms, true],
    ['strx and addrx forms (left to TypeScript)', indexedForms, false],
  ];
  it.each(samples)('index %s alike', async (_, units, wasmOnly) => {
    const file = testElf(units());
    const before = { ...wasmScanStats };
    const wasm = await parts(file, 'wasm');
    const ran = wasmScanStats.units - before.units;
    const fallbacks = wasmScanStats.fallbacks - before.fallbacks;
    expect(ran).toBeGreaterThan(0);
    expect(fallbacks === 0).toBe(wasmOnly);
    const js = await parts(file, 'js');
    expect(wasm).toEqual(js);
    // .debug_abbrev read 8 bytes at a time: every table takes windows, doubled until whole.
    expect(await parts(file, 'wasm', 8)).toEqual(js);
  });

  it('is built from the C sources in the repository', () => {
    // scripts/build-wasm.sh hashes the headers, then the C files, each set by name.
    const dir = new URL('./wasm/', import.meta.url);
    const names = readdirSync(dir).sort();
    const hash = createHash('sha256');
    for (const ext of ['.h', '.c'])
      for (const n of names.filter((f) => f.endsWith(ext)))
        hash.update(readFileSync(new URL(n, dir)));
    expect(hash.digest('hex')).toBe(DWARF_SCAN_SOURCE_SHA256);
  });
});
