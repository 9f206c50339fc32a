import { describe, expect, it } from 'vitest';
import { BadDataError, CrashlensError, UnsupportedError } from '../../errors';
import type { CompoundType } from '../types';
import { DW_AT, DW_FORM, DW_TAG } from './constants';
import { writeDwarf, type UnitSpec } from './test-support/dwarf-writer';
import { dwarfElf } from './test-support/elf-writer';
import { openBytes } from './test-support/open-test-dwarf';
import { codeLines, codeUnits, T, typeUnits } from './test-support/samples';

const tiny = (children: UnitSpec['root']['children'] = []): UnitSpec[] => [
  {
    version: 5,
    root: { tag: DW_TAG.compile_unit, attrs: [[DW_AT.name, DW_FORM.string, 'x.c']], children },
  },
];

async function openSections(s: Record<string, Uint8Array>) {
  return openBytes(dwarfElf(s), {}, 'bad.elf');
}

async function expectBad(s: Record<string, Uint8Array>, message: RegExp): Promise<void> {
  const e = await openSections(s).then(
    () => null,
    (x: unknown) => x,
  );
  expect(e).toBeInstanceOf(BadDataError);
  expect((e as Error).message).toMatch(/^bad\.elf, offset 0x[0-9a-f]+: expected /);
  expect((e as Error).message).toMatch(message);
}

describe('corrupt DWARF', () => {
  it('rejects a truncated unit', async () => {
    const s = writeDwarf(
      tiny([{ tag: DW_TAG.base_type, attrs: [[DW_AT.name, DW_FORM.string, 'int']] }]),
    );
    await expectBad({ ...s, info: s.info!.subarray(0, s.info!.length - 3) }, /unit of \d+ bytes/);
  });

  it('rejects unknown versions, unit types and address sizes', async () => {
    const s = writeDwarf(tiny());
    const v = s.info!.slice();
    v[4] = 7;
    await expectBad({ ...s, info: v }, /DWARF version 2 to 5, found 7/);
    const ut = s.info!.slice();
    ut[6] = 9;
    await expectBad({ ...s, info: ut }, /unit type 1 to 6/);
    const as = s.info!.slice();
    as[7] = 3;
    await expectBad({ ...s, info: as }, /address_size 1, 2, 4 or 8/);
  });

  it('rejects an abbreviation code the table lacks and an unknown form', async () => {
    const s = writeDwarf(
      tiny([{ tag: DW_TAG.base_type, attrs: [[DW_AT.name, DW_FORM.string, 'int']] }]),
    );
    const info = s.info!.slice();
    info[info.indexOf(0x69 /* 'i' */) - 1] = 0x3f; // the base type's abbreviation code
    await expectBad({ ...s, info }, /abbreviation code/);
    const abbrev = s.abbrev!.slice();
    abbrev[abbrev.lastIndexOf(DW_FORM.string)] = 0x7e;
    await expectBad({ ...s, abbrev }, /a known DWARF form/);
    await expectBad({ ...s, abbrev: Uint8Array.of(1) }, /abbreviation|\.debug_abbrev/);
  });

  it('rejects a sibling that points backwards instead of looping', async () => {
    const units = tiny([
      {
        tag: DW_TAG.structure_type,
        sibling: true,
        attrs: [],
        children: [{ tag: DW_TAG.member, attrs: [] }],
      },
      { tag: DW_TAG.base_type, attrs: [] },
    ]);
    const s = writeDwarf(units);
    const info = s.info!.slice();
    // The sibling is the only ref4 value: after the struct's code byte.
    const at = 12 + 'x.c'.length + 2 + 1;
    new DataView(info.buffer).setUint32(at, 12, true);
    await expectBad({ ...s, info }, /DW_AT_sibling after the DIE/);
  });

  it('refuses relocatable objects and compressed sections with UnsupportedError', async () => {
    const s = writeDwarf(tiny());
    await expect(openBytes(dwarfElf(s, { type: 1 }))).rejects.toBeInstanceOf(UnsupportedError);
    await expect(openBytes(dwarfElf(s, { compressed: ['.debug_info'] }))).rejects.toBeInstanceOf(
      UnsupportedError,
    );
  });

  it('survives random corruption with typed errors only, and never hangs', async () => {
    const samples = [
      dwarfElf(writeDwarf(typeUnits(5))),
      dwarfElf(writeDwarf(typeUnits(3))),
      dwarfElf(writeDwarf(codeUnits(5), [codeLines(5)])),
    ];
    let seed = 12345;
    const rand = (n: number) => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed % n;
    };
    let failures = 0;
    for (let i = 0; i < 300; i++) {
      const file = samples[i % samples.length]!.slice();
      // Corrupt a few bytes after the ELF header (the DWARF lies there).
      for (let k = 0, n = 1 + rand(4); k < n; k++)
        file[64 + rand(file.length - 64 - 64 * 14)] = rand(256);
      try {
        const d = await openBytes(file);
        const outer = d.types.findType('outer') as CompoundType | undefined;
        for (const m of outer?.members ?? []) void m.type.kind;
        d.types.findVariableType('gvar');
        d.code.functionAt(T + 0x1bn);
        d.code.inlineChainAt(T + 0x1bn);
        d.code.lineAt(T + 0x20n);
      } catch (e) {
        failures++;
        if (!(e instanceof CrashlensError)) throw e;
      }
    }
    expect(failures).toBeGreaterThan(0);
  });
});
