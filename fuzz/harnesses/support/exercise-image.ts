// What every dump harness does after opening: page states and reads at the edges and
// middles of the first ranges, a read across a page boundary, CPU registers,
// VMCOREINFO and the report. Typed failures of one step do not stop the next.
import type { DumpImage } from '../../../src/analysis/formats/dump-image';
import { decodeCpus, qemuCpuStates, vmcoreInfoOf } from '../../../src/analysis/formats/notes/decode-cpus';
import { buildReport } from '../../../src/analysis/report/build-report';
import { tolerate } from '../../core/harness';

const MAX_RANGES = 4;

export function probeAddresses(image: DumpImage): bigint[] {
  const ps = BigInt(image.pageSize);
  const out: bigint[] = [0n];
  for (const r of image.physRanges.slice(0, MAX_RANGES)) {
    const mid = r.start + (((r.end - r.start) / 2n) / ps) * ps;
    out.push(r.start, mid, r.end > ps ? r.end - ps : 0n);
  }
  const last = image.physRanges[image.physRanges.length - 1];
  if (last) out.push(last.end);
  return out;
}

export async function exerciseImage(image: DumpImage): Promise<void> {
  const ps = image.pageSize;
  for (const a of probeAddresses(image)) {
    image.pageState(a);
    await tolerate(() => image.readPhys(a, 64));
  }
  const first = image.physRanges[0];
  if (first) await tolerate(() => image.readPhys(first.start + BigInt(ps) - 8n, 16));
  decodeCpus(image, []);
  qemuCpuStates(image, []);
  const info = vmcoreInfoOf(image);
  info?.entries();
  await buildReport(image);
}
