import { describe, expect, it } from 'vitest';
import * as U from './index-part';
import { unitFromRow } from './indexed-unit';
import { NameRefs } from './name-refs';

describe('unitFromRow', () => {
  it('keeps values at and above 2^31 and builds 64-bit addresses from halves', () => {
    const r = new Float64Array(2 * U.UNIT_FIELDS).fill(-1);
    const at = U.UNIT_FIELDS;
    r[at + U.U_OFFSET] = 2 ** 33;
    r[at + U.U_END] = 2 ** 33 + 0x100;
    r[at + U.U_VERSION] = 5;
    r[at + U.U_OFFSET_SIZE] = 8;
    r[at + U.U_ADDRESS_SIZE] = 8;
    r[at + U.U_STMT_LIST] = 0x80000000;
    r[at + U.U_BASE_LO] = 0x81000000;
    r[at + U.U_BASE_HI] = 0xffffffff;
    r[at + U.U_NAME] = -1;
    r[at + U.U_COMP_DIR] = NaN;
    const refs = new NameRefs({ source: 'test', littleEndian: true });
    const u = unitFromRow(r, at, ['kernel/fork.c'], refs, 2 ** 32);
    expect(u.header).toMatchObject({ offset: 2 ** 33, end: 2 ** 33 + 0x100, offsetSize: 8 });
    expect(u.header.typeSignature).toBeUndefined();
    expect(u.stmtList).toBe(0x80000000);
    expect(u.rnglistsBase).toBe(-1);
    expect(u.baseAddress).toBe(0xffffffff81000000n);
    expect([u.name, u.compDir, u.typesSection]).toEqual(['kernel/fork.c', null, true]);
  });
});
