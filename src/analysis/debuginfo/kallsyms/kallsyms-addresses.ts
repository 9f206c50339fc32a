// kallsyms address encodings (kernel/kallsyms.c kallsyms_sym_address, by version):
//   absolute          kallsyms_addresses[i]                (!CONFIG_KALLSYMS_BASE_RELATIVE)
//   base-relative     relative_base + (u32)offsets[i]      (v4.6 – v6.x)
//   absolute-percpu   offsets[i] >= 0 ? offsets[i] : relative_base - 1 - offsets[i]
//                     (CONFIG_KALLSYMS_ABSOLUTE_PERCPU, x86_64 SMP, v4.6 – v6.14; the
//                     non-negative values are zero-based per-CPU offsets)
//   place-relative    &kallsyms_offsets[i] + (s32)offsets[i]  (v7.0+, no relative_base)
// Which one a kernel uses is read from the data: the candidate that puts _stext at
// SYMBOL(_stext) wins (drgn libdrgn/kallsyms.c does the same); without _stext, the
// candidate under which addresses come out sorted.

export type KallsymsEncoding = 'absolute' | 'base-relative' | 'absolute-percpu' | 'place-relative';

export interface AddressTables {
  count: number;
  /** kallsyms_addresses values, when the kernel has that table. */
  absolute?: BigUint64Array;
  /** kallsyms_offsets values. */
  offsets?: Int32Array;
  offsetsAddress?: bigint;
  relativeBase?: bigint;
}

export interface DecodedAddresses {
  encoding: KallsymsEncoding;
  addresses: BigUint64Array;
  /** 1 for per-CPU offsets (absolute-percpu encoding with offsets[i] >= 0). */
  percpu: Uint8Array;
}

const MASK = (1n << 64n) - 1n;

function candidates(t: AddressTables): KallsymsEncoding[] {
  if (t.absolute) return ['absolute'];
  if (!t.offsets) return [];
  return t.relativeBase !== undefined
    ? ['base-relative', 'absolute-percpu', 'place-relative']
    : ['place-relative'];
}

/** Address of symbol `i` under `enc`. */
export function addressOf(t: AddressTables, enc: KallsymsEncoding, i: number): bigint {
  if (enc === 'absolute') return t.absolute![i]!;
  const off = t.offsets![i]!;
  const base = t.relativeBase ?? 0n;
  switch (enc) {
    case 'base-relative':
      return (base + BigInt(off >>> 0)) & MASK;
    case 'absolute-percpu':
      return off >= 0 ? BigInt(off) : (base - 1n - BigInt(off)) & MASK;
    case 'place-relative':
      return ((t.offsetsAddress ?? 0n) + BigInt(4 * i) + BigInt(off)) & MASK;
  }
}

/**
 * Picks the encoding: the one giving symbol `stextIndex` the address `stext`, else
 * (no _stext) the first whose addresses are non-decreasing. undefined when none fits.
 */
export function chooseEncoding(
  t: AddressTables,
  stextIndex?: number,
  stext?: bigint,
): KallsymsEncoding | undefined {
  const all = candidates(t);
  if (stextIndex !== undefined && stext !== undefined) {
    return all.find((enc) => addressOf(t, enc, stextIndex) === stext);
  }
  // Per-CPU symbols sort first under absolute-percpu (small values), so check the
  // encodings in the order where a wrong one breaks monotonicity.
  return all.find((enc) => {
    let prev = 0n;
    for (let i = 0; i < t.count; i++) {
      const a = addressOf(t, enc, i);
      if (a < prev) return false;
      prev = a;
    }
    return true;
  });
}

export function decodeAddresses(t: AddressTables, enc: KallsymsEncoding): DecodedAddresses {
  const addresses = new BigUint64Array(t.count);
  const percpu = new Uint8Array(t.count);
  for (let i = 0; i < t.count; i++) {
    addresses[i] = addressOf(t, enc, i);
    if (enc === 'absolute-percpu' && t.offsets![i]! >= 0) percpu[i] = 1;
  }
  return { encoding: enc, addresses, percpu };
}
