// An address space that can be read: physical memory of a dump, or the kernel's virtual
// address space built on it by page-table translation. Reads throw FaultError (with the
// failing address and reason) for the first byte that cannot be read.

export interface AddressSpace {
  readonly kind: 'physical' | 'virtual';
  read(address: bigint, length: number): Promise<Uint8Array>;
}

/** Little-endian scalar reads on top of an AddressSpace (x86_64 and arm64 kernels are LE). */
export async function readU64(space: AddressSpace, address: bigint): Promise<bigint> {
  const b = await space.read(address, 8);
  return new DataView(b.buffer, b.byteOffset, 8).getBigUint64(0, true);
}

export async function readU32(space: AddressSpace, address: bigint): Promise<number> {
  const b = await space.read(address, 4);
  return new DataView(b.buffer, b.byteOffset, 4).getUint32(0, true);
}

export async function readS32(space: AddressSpace, address: bigint): Promise<number> {
  const b = await space.read(address, 4);
  return new DataView(b.buffer, b.byteOffset, 4).getInt32(0, true);
}
