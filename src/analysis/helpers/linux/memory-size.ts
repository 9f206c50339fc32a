// Memory size the way crash's `sys` MEMORY line computes it (memory.c total_node_memory,
// get_memory_size): the sum over NUMA nodes of pglist_data.node_present_pages (or
// node_spanned_pages when present pages are unknown) times the page size, rounded up to
// the next GiB when that is at most 64 MiB away. Nodes: node_data[nid] for each nid in
// node_online_map (CONFIG_NUMA), else contig_page_data; VMCOREINFO exports all of these.
import { readU64 } from '../../memory/address-space';
import { symbolAddress, type KernelObjects } from './kernel-access';
import { StructLayouts } from './struct-layout';

const GiB = 1n << 30n;
const MiB = 1n << 20n;

export interface NodeMemory {
  node: number;
  pgdat: bigint;
  presentPages: bigint | null;
  spannedPages: bigint;
}

export async function nodeMemory(k: KernelObjects): Promise<NodeMemory[]> {
  const l = new StructLayouts(k.vmcoreinfo, k.types);
  const present = l.tryOffset('pglist_data', 'node_present_pages');
  const spanned = l.offset('pglist_data', 'node_spanned_pages');
  const read = async (node: number, pgdat: bigint): Promise<NodeMemory> => ({
    node,
    pgdat,
    presentPages: present === undefined ? null : await readU64(k.space, pgdat + BigInt(present)),
    spannedPages: await readU64(k.space, pgdat + BigInt(spanned)),
  });
  const nodeData = symbolAddress(k, 'node_data');
  if (nodeData === undefined) {
    const contig = symbolAddress(k, 'contig_page_data');
    return contig === undefined ? [] : [await read(0, contig)];
  }
  const maxNodes = k.vmcoreinfo?.length('node_data') ?? 1;
  const online = await onlineNodes(k, maxNodes);
  const out: NodeMemory[] = [];
  for (const node of online) {
    const pgdat = await readU64(k.space, nodeData + BigInt(node * 8));
    if (pgdat !== 0n) out.push(await read(node, pgdat));
  }
  return out;
}

/** node_online_map (= node_states[N_ONLINE], a nodemask_t bitmap). */
async function onlineNodes(k: KernelObjects, maxNodes: number): Promise<number[]> {
  const map = symbolAddress(k, 'node_online_map') ?? symbolAddress(k, 'node_states');
  if (map === undefined) return [0];
  const out: number[] = [];
  for (let word = 0; word * 64 < maxNodes; word++) {
    const bits = await readU64(k.space, map + BigInt(word * 8));
    for (let b = 0; b < 64 && word * 64 + b < maxNodes; b++) if ((bits >> BigInt(b)) & 1n) out.push(word * 64 + b);
  }
  return out;
}

/** crash's total: present pages (spanned when present is 0 or unknown), rounded as get_memory_size does. */
export function crashMemoryBytes(nodes: readonly NodeMemory[], pageSize: number): bigint {
  let total = 0n;
  for (const n of nodes) total += (n.presentPages || n.spannedPages) * BigInt(pageSize);
  const nextGig = ((total + GiB - 1n) / GiB) * GiB;
  return nextGig - total <= 64n * MiB ? nextGig : total;
}

/** crash's pages_to_size(): "%.1f GB" / "%.1f MB" / "%ld KB", with ".0 " dropped. */
export function formatMemorySize(bytes: bigint): string {
  const t = Number(bytes);
  const s =
    t >= 2 ** 30 ? `${(t / 2 ** 30).toFixed(1)} GB` : t >= 2 ** 20 ? `${(t / 2 ** 20).toFixed(1)} MB` : `${Math.floor(t / 1024)} KB`;
  return bytes === 0n ? '0' : s.replace('.0 ', ' ');
}
