// Builds the report sections that the container and its notes give: dump, system, cpus.
// Kernel-state sections (panic, tasks, log, iomem, backtraces) are added by the kernel
// helpers once debug info is available.
import type { DumpImage } from '../formats/dump-image';
import type { CpuRegisters } from '../formats/notes/cpu-registers';
import { decodeCpus, vmcoreInfoOf } from '../formats/notes/decode-cpus';
import type { VmcoreInfo } from '../formats/notes/vmcoreinfo';
import {
  hexString,
  SCHEMA_VERSION,
  type Report,
  type ReportCpu,
  type ReportDump,
  type ReportSystem,
} from './report-types';

export function dumpSection(image: DumpImage): ReportDump {
  return {
    files: [...image.files],
    format: image.format,
    compression: image.compression,
    producer: image.producer,
    dumpLevel: image.facts.dumpLevel ?? null,
    pageSize: image.pageSize,
    excludedPages: image.excludedPages,
  };
}

const U64 = 1n << 64n;

/** Total bytes of the physical ranges the dump describes (RAM that existed, excluded or not). */
export function describedMemoryBytes(image: DumpImage): number {
  let total = 0n;
  for (const r of image.physRanges) total += r.end - r.start;
  return Number(total);
}

export function systemSection(image: DumpImage, info: VmcoreInfo | null, cpuCount: number): ReportSystem {
  const uts = image.facts.utsname;
  const nonEmpty = (s: string | undefined) => (s ? s : null);
  const physBase = info?.number('phys_base') ?? image.facts.physBase;
  const crashTime = info?.crashTime;
  return {
    release: info?.osRelease ?? nonEmpty(uts?.release),
    version: nonEmpty(uts?.version),
    machine: nonEmpty(uts?.machine) ?? (image.arch !== 'unknown' ? image.arch : null),
    nodename: nonEmpty(uts?.nodename),
    cpus: cpuCount > 0 ? cpuCount : (image.facts.nrCpus ?? null),
    memoryBytes: image.physRanges.length ? describedMemoryBytes(image) : null,
    kaslrOffset: info?.kernelOffset !== undefined ? hexString(info.kernelOffset) : null,
    physBase: physBase !== undefined ? hexString(((physBase % U64) + U64) % U64) : null,
    buildId: info?.buildId ?? null,
    crashTime: crashTime !== undefined ? new Date(crashTime * 1000).toISOString().replace('.000Z', 'Z') : null,
    uptimeSeconds: null,
  };
}

export function cpuSection(cpus: readonly CpuRegisters[]): ReportCpu[] {
  return cpus.map((c) => ({
    cpu: c.cpu,
    pid: c.pid,
    registers: Object.fromEntries(
      Object.entries(c.registers).map(([k, v]) => [k, hexString(v)]),
    ),
  }));
}

export function buildReport(image: DumpImage): Promise<Report> {
  const info = vmcoreInfoOf(image);
  const cpus = decodeCpus(image);
  return Promise.resolve({
    schemaVersion: SCHEMA_VERSION,
    dump: dumpSection(image),
    system: systemSection(image, info, cpus.length),
    cpus: cpuSection(cpus),
    warnings: image.warnings.map((w) => ({ code: w.code, message: w.message })),
  });
}
