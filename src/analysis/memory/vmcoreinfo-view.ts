// The VMCOREINFO lookups the memory layer uses. formats/notes/vmcoreinfo.ts `VmcoreInfo`
// satisfies it; keeping the dependency structural lets tests pass a plain object.
export interface VmcoreInfoView {
  /** SYMBOL(name): runtime address. */
  symbol(name: string): bigint | undefined;
  /** NUMBER(name), signed as written (NUMBER(phys_base)=-570425344 → -570425344n). */
  number(name: string): bigint | undefined;
  size(name: string): number | undefined;
  offset(structMember: string): number | undefined;
  length(name: string): number | undefined;
  /** KERNELOFFSET. */
  readonly kernelOffset: bigint | undefined;
  readonly pageSize: number | undefined;
}
