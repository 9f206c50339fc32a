// Abbreviation tables (.debug_abbrev, DWARF 5 §7.5.3): a series of declarations
// {ULEB code (0 ends the table), ULEB tag, u8 children flag, {ULEB attribute, ULEB form
// [, SLEB value for DW_FORM_implicit_const]}* ending with (0, 0)}.
// A table is stored flat (a few typed arrays per table, no object per declaration):
// kernels have ~2,000 tables of ~200 declarations, parsed on every index build.
import { BadDataError } from '../../errors';
import { DW_FORM } from './constants';
import { LebScanner } from './leb-scanner';

export interface AbbrevDecl {
  code: number;
  tag: number;
  hasChildren: boolean;
  /** Attribute names, in DIE order. */
  attrs: Uint32Array;
  /** Forms, parallel to attrs. */
  forms: Uint32Array;
  /** DW_FORM_implicit_const values, parallel to attrs (0 for other forms). */
  implicit: Float64Array;
}

/** Declarations by code: a parsed AbbrevTable, or one that decodes declarations on demand. */
export interface AbbrevLookup {
  /** Offset of the table in .debug_abbrev. */
  readonly offset: number;
  get(code: number): AbbrevDecl | undefined;
}

export class AbbrevTable implements AbbrevLookup {
  private readonly views: (AbbrevDecl | undefined)[] = [];

  constructor(
    /** Offset of the table in .debug_abbrev. */
    readonly offset: number,
    /** Declaration index of each code (-1: none); codes beyond its length use `sparse`. */
    readonly codeIndex: Int32Array,
    readonly sparse: Map<number, number> | null,
    /** Per declaration: code, tag, children flag, first attribute, attribute count. */
    readonly declCode: Uint32Array,
    readonly declTag: Uint32Array,
    readonly declChildren: Uint8Array,
    readonly declFirst: Uint32Array,
    readonly declCount: Uint32Array,
    /** Attribute names, forms and implicit_const values of all declarations. */
    readonly attrs: Uint32Array,
    readonly forms: Uint32Array,
    readonly implicit: Float64Array,
  ) {}

  get count(): number {
    return this.declCode.length;
  }

  /** Declaration index of `code`, or -1. */
  indexOf(code: number): number {
    if (code < this.codeIndex.length) return this.codeIndex[code]!;
    return this.sparse?.get(code) ?? -1;
  }

  /** The declaration of `code` as an object (created on first use). */
  get(code: number): AbbrevDecl | undefined {
    const i = this.indexOf(code);
    if (i < 0) return undefined;
    let v = this.views[i];
    if (!v) {
      const a = this.declFirst[i]!;
      const b = a + this.declCount[i]!;
      v = {
        code,
        tag: this.declTag[i]!,
        hasChildren: this.declChildren[i] !== 0,
        attrs: this.attrs.subarray(a, b),
        forms: this.forms.subarray(a, b),
        implicit: this.implicit.subarray(a, b),
      };
      this.views[i] = v;
    }
    return v;
  }

  *decls(): Generator<AbbrevDecl> {
    for (let i = 0; i < this.count; i++) yield this.get(this.declCode[i]!)!;
  }
}

const DENSE_LIMIT = 1 << 16;

/**
 * Parses the abbreviation table at `offset` of the .debug_abbrev bytes `section`
 * (`fileOffset` is where the section starts in the file, for error messages).
 */
export function parseAbbrevTable(
  section: Uint8Array,
  offset: number,
  source: string,
  fileOffset: number,
  /** Offset of the table in .debug_abbrev when `section` is a window of it. */
  tableOffset = offset,
): AbbrevTable {
  const n = section.length;
  const r = new LebScanner(section, offset);
  const fail = (expected: string, found: string, at = r.pos): never => {
    throw new BadDataError(source, fileOffset + at, expected, found);
  };
  if (offset < 0 || offset >= n)
    fail(
      `abbreviation table offset within .debug_abbrev (${n} bytes)`,
      `0x${offset.toString(16)}`,
      0,
    );
  const codes: number[] = [];
  const tags: number[] = [];
  const children: number[] = [];
  const firsts: number[] = [];
  const counts: number[] = [];
  const attrs: number[] = [];
  const forms: number[] = [];
  const implicit: number[] = [];
  let maxCode = 0;
  for (;;) {
    const at = r.pos;
    if (r.pos >= n) fail('abbreviation code (the table ends with code 0)', 'end of .debug_abbrev');
    const code = r.uleb();
    if (code === 0) break;
    const tag = r.uleb();
    const ch = r.u8();
    const first = attrs.length;
    while (!r.overrun) {
      const name = r.uleb();
      const form = r.uleb();
      if (name === 0 && form === 0) break;
      if (name === 0 || form === 0)
        fail('attribute specification (name and form both non-zero)', `${name}, ${form}`);
      attrs.push(name);
      forms.push(form);
      implicit.push(form === DW_FORM.implicit_const ? r.sleb() : 0);
    }
    if (r.overrun) fail('abbreviation declaration within .debug_abbrev', 'end of section', at);
    codes.push(code);
    tags.push(tag);
    children.push(ch);
    firsts.push(first);
    counts.push(attrs.length - first);
    if (code > maxCode) maxCode = code;
  }
  const codeIndex = new Int32Array(Math.min(maxCode, DENSE_LIMIT - 1) + 1).fill(-1);
  let sparse: Map<number, number> | null = null;
  for (let i = 0; i < codes.length; i++) {
    const c = codes[i]!;
    const dup = c < codeIndex.length ? codeIndex[c]! >= 0 : (sparse?.has(c) ?? false);
    if (dup) fail('unique abbreviation codes', `duplicate code ${c}`, offset);
    if (c < codeIndex.length) codeIndex[c] = i;
    else (sparse ??= new Map()).set(c, i);
  }
  return new AbbrevTable(
    tableOffset,
    codeIndex,
    sparse,
    Uint32Array.from(codes),
    Uint32Array.from(tags),
    Uint8Array.from(children),
    Uint32Array.from(firsts),
    Uint32Array.from(counts),
    Uint32Array.from(attrs),
    Uint32Array.from(forms),
    Float64Array.from(implicit),
  );
}

/**
 * Decodes the one declaration whose tag starts at `pos` of .debug_abbrev (for tables the
 * index compiled without keeping declarations).
 */
export function parseAbbrevDeclAt(
  section: Uint8Array,
  pos: number,
  code: number,
  source: string,
  fileOffset: number,
): AbbrevDecl {
  const r = new LebScanner(section, pos);
  const tag = r.uleb();
  const hasChildren = r.u8() !== 0;
  const attrs: number[] = [];
  const forms: number[] = [];
  const implicit: number[] = [];
  for (;;) {
    const name = r.uleb();
    const form = r.uleb();
    if (r.overrun)
      throw new BadDataError(
        source,
        fileOffset + pos,
        'abbreviation declaration within .debug_abbrev',
        'end of section',
      );
    if (name === 0 && form === 0) break;
    attrs.push(name);
    forms.push(form);
    implicit.push(form === DW_FORM.implicit_const ? r.sleb() : 0);
  }
  return {
    code,
    tag,
    hasChildren,
    attrs: Uint32Array.from(attrs),
    forms: Uint32Array.from(forms),
    implicit: Float64Array.from(implicit),
  };
}
