// Resource trees (kernel/resource.c, include/linux/ioport.h): `iomem_resource` (/proc/iomem)
// and `ioport_resource` (/proc/ioports) with their child/sibling links, walked in
// pre-order as next_resource() does, and printed as r_show() prints them. The root is not
// shown; depth counts from its children, capped at MAX_IORES_LEVEL as r_show caps it.
// `desc` (v4.6, commit 43ee493bde78) is between flags and parent when it exists: every
// offset comes from the types.
import { errorMessage, FaultError, type Warning } from '../../errors';
import { sizeOf } from '../../debuginfo/type-queries';
import { readCString } from '../../program/object-value';
import { symbolAddress, type KernelObjects } from './kernel-access';
import { StructLayouts } from './struct-layout';
import { MissingDebugInfoError } from '../../errors';

export interface Resource {
  address: bigint;
  start: bigint;
  end: bigint;
  /** null when the name pointer is NULL or unreadable (r_show prints "<BAD>"). */
  name: string | null;
  flags: bigint;
  desc: bigint | null;
  /** 0 for children of the root. */
  depth: number;
}

/** kernel/resource.c r_show(): depths beyond this print at this indentation. */
export const MAX_IORES_LEVEL = 5;
/** Bound on resources (a corrupt sibling chain must end). */
const MAX_RESOURCES = 1 << 20;
const MAX_NAME = 128;

interface ResourceLayout {
  start: number;
  end: number;
  name: number;
  flags: number;
  desc: number | undefined;
  parent: number;
  sibling: number;
  child: number;
  size: number;
}

function resourceLayout(l: StructLayouts): ResourceLayout {
  const t = l.type('resource');
  if (!t) throw new MissingDebugInfoError('struct resource (no DWARF or BTF)');
  const o = (m: string) => l.offset('resource', m);
  return {
    start: o('start'),
    end: o('end'),
    name: o('name'),
    flags: o('flags'),
    desc: l.tryOffset('resource', 'desc'),
    parent: o('parent'),
    sibling: o('sibling'),
    child: o('child'),
    size: sizeOf(t),
  };
}

export interface ResourceTree {
  root: Resource;
  resources: Resource[];
  warnings: Warning[];
}

/**
 * for each resource under `rootName` ("iomem_resource" or "ioport_resource"), in the
 * order /proc/iomem lists them. A node that cannot be read ends its subtree with a
 * warning; its siblings are still visited when the parent's chain allows.
 */
export async function* forEachResource(
  k: KernelObjects,
  rootName: 'iomem_resource' | 'ioport_resource',
  warnings: Warning[],
  rootOut?: { root?: Resource },
): AsyncGenerator<Resource> {
  const layout = resourceLayout(new StructLayouts(k.vmcoreinfo, k.types));
  const rootAddress = symbolAddress(k, rootName);
  if (rootAddress === undefined) throw new MissingDebugInfoError(`symbol ${rootName}`);
  const root = await readResource(k, layout, rootAddress, -1);
  if (rootOut) rootOut.root = root.resource;
  const seen = new Set<bigint>([rootAddress]);
  // Explicit stack of sibling chains: [next node, depth].
  const stack: [bigint, number][] = [];
  if (root.child) stack.push([root.child, 0]);
  while (stack.length) {
    const [address, depth] = stack.pop()!;
    if (seen.has(address)) {
      warnings.push({ code: 'RESOURCE_CYCLE', message: `${rootName}: resource 0x${address.toString(16)} comes again; its subtree is skipped` });
      continue;
    }
    if (seen.size > MAX_RESOURCES) {
      warnings.push({ code: 'RESOURCE_TOO_MANY', message: `${rootName}: more than ${MAX_RESOURCES} resources` });
      return;
    }
    seen.add(address);
    let r: Awaited<ReturnType<typeof readResource>>;
    try {
      r = await readResource(k, layout, address, depth);
    } catch (e) {
      if (!(e instanceof FaultError)) throw e;
      warnings.push({ code: 'RESOURCE_UNREADABLE', message: `${rootName}: resource 0x${address.toString(16)}: ${errorMessage(e)}; it and its subtree are skipped` });
      continue;
    }
    if (r.nameFault) {
      warnings.push({ code: 'RESOURCE_NAME_UNREADABLE', message: `${rootName}: name of resource 0x${address.toString(16)}: ${r.nameFault}` });
    }
    yield r.resource;
    if (r.sibling) stack.push([r.sibling, depth]);
    if (r.child) stack.push([r.child, depth + 1]);
  }
}

async function readResource(k: KernelObjects, l: ResourceLayout, address: bigint, depth: number) {
  const b = await k.space.read(address, l.size);
  const v = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const u64 = (o: number) => v.getBigUint64(o, true);
  const namePtr = u64(l.name);
  let name: string | null = null;
  let nameFault: string | null = null;
  if (namePtr !== 0n) {
    try {
      name = await readCString(k.space, namePtr, MAX_NAME);
    } catch (e) {
      if (!(e instanceof FaultError)) throw e;
      nameFault = errorMessage(e);
    }
  }
  return {
    resource: {
      address,
      start: u64(l.start),
      end: u64(l.end),
      name,
      flags: u64(l.flags),
      desc: l.desc === undefined ? null : u64(l.desc),
      depth,
    },
    sibling: u64(l.sibling),
    child: u64(l.child),
    nameFault,
  };
}

export async function getResourceTree(k: KernelObjects, rootName: 'iomem_resource' | 'ioport_resource'): Promise<ResourceTree> {
  const warnings: Warning[] = [];
  const out: { root?: Resource } = {};
  const resources: Resource[] = [];
  for await (const r of forEachResource(k, rootName, warnings, out)) resources.push(r);
  return { root: out.root!, resources, warnings };
}

/**
 * /proc/iomem text (kernel/resource.c r_show): "%*s%0*llx-%0*llx : %s\n" with two
 * spaces per depth and width 4 when the root ends below 0x10000 (ioports), else 8.
 */
export function formatResources(root: Pick<Resource, 'end'>, resources: readonly Resource[]): string {
  const width = root.end < 0x10000n ? 4 : 8;
  let out = '';
  for (const r of resources) {
    const indent = ' '.repeat(2 * Math.min(r.depth, MAX_IORES_LEVEL));
    const hex = (x: bigint) => x.toString(16).padStart(width, '0');
    out += `${indent}${hex(r.start)}-${hex(r.end)} : ${r.name ?? '<BAD>'}\n`;
  }
  return out;
}
