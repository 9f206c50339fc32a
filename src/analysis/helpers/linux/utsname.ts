// The kernel's name as uname(2) reports it: init_uts_ns.name, a `struct new_utsname` of six
// char[__NEW_UTS_LEN + 1] (65) arrays (include/uapi/linux/utsname.h). VMCOREINFO exports
// SYMBOL(init_uts_ns) and OFFSET(uts_namespace.name), so this needs no debug info.
import type { UtsName } from '../../formats/dump-image';
import { readCString } from '../../program/object-value';
import { symbolAddress, type KernelObjects } from './kernel-access';
import { StructLayouts } from './struct-layout';

export type { UtsName };

const FIELDS = ['sysname', 'nodename', 'release', 'version', 'machine', 'domainname'] as const;
const NEW_UTS_LEN = 65;

export async function readUtsname(k: Pick<KernelObjects, 'space' | 'vmcoreinfo' | 'types' | 'symbol'>): Promise<UtsName | undefined> {
  const ns = symbolAddress(k as KernelObjects, 'init_uts_ns');
  if (ns === undefined) return undefined;
  const l = new StructLayouts(k.vmcoreinfo, k.types);
  const name = ns + BigInt(l.tryOffset('uts_namespace', 'name') ?? 0);
  const out = {} as UtsName;
  for (let i = 0; i < FIELDS.length; i++) {
    const f = FIELDS[i]!;
    const off = l.tryOffset('new_utsname', f) ?? i * NEW_UTS_LEN;
    out[f] = await readCString(k.space, name + BigInt(off), NEW_UTS_LEN);
  }
  return out;
}
