// What a KObject needs from its program: memory to read, named types, and a place for
// the warnings of per-item problems (a corrupt list node, an unreadable pointer).
// Program implements it; unit tests pass a plain object over synthetic memory.
import type { Warning } from '../errors';
import type { Type } from '../debuginfo/types';
import type { AddressSpace } from '../memory/address-space';

export interface ObjectContext {
  /** Kernel virtual memory. */
  readonly space: AddressSpace;
  /** A named type ("struct task_struct", "u64"); throws LookupError or MissingDebugInfoError. */
  type(name: string): Type;
  /** Where walks that stop early say why. */
  readonly warnings: Warning[];
}
