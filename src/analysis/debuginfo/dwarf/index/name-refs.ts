// Strings of name refs (index-part.ts): .debug_str offsets, decoded once each, or -(1 + i)
// for string i of the part the ref came from.
import { BadDataError } from '../../../errors';
import { stringAt } from '../reader';
import type { SmallSections } from '../unit-bases';

export class NameRefs {
  private readonly cache = new Map<number, string>();
  constructor(private readonly small: SmallSections) {}

  /** The string of `ref` (NaN: none); `strings`: those of the ref's part. */
  get(strings: readonly string[], ref: number): string | null {
    if (Number.isNaN(ref)) return null;
    if (ref < 0) return strings[-ref - 1] ?? null;
    let s = this.cache.get(ref);
    if (s === undefined) {
      const sec = this.small.str;
      const str = sec ? stringAt(sec.bytes, ref) : null;
      if (str === null) {
        throw new BadDataError(
          this.small.source,
          sec?.fileOffset ?? 0,
          'a name offset within .debug_str',
          `0x${ref.toString(16)}`,
        );
      }
      s = str;
      this.cache.set(ref, s);
    }
    return s;
  }
}
