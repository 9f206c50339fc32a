// npm run bench [-- --only formats,...]: every benchmark section, printed as tables and
// saved to bench-results/latest.json.
import { mkdirSync, writeFileSync } from 'node:fs';
import { prepareAll } from '../scripts/fixtures.mjs';
import { benchFormats, type BenchDump } from './formats';
import { benchKernelState } from './kernel-state';
import { benchUnwind } from './unwind';
import { benchDebugInfo } from './debuginfo';

const only = (() => {
  const i = process.argv.indexOf('--only');
  return i > 0 ? new Set(process.argv[i + 1]!.split(',')) : null;
})();
const want = (s: string) => !only || only.has(s);

function table(rows: object[]): void {
  console.table(
    rows.map((r) =>
      Object.fromEntries(Object.entries(r).map(([k, v]) => [k, typeof v === 'number' ? Number(v.toFixed(v < 10 ? 2 : 0)) : v])),
    ),
  );
}

const scenarios = prepareAll({ vmlinux: true });
const dumps: BenchDump[] = [
  { id: 'sample-kdump-zstd', path: 'public/sample/vmcore.kdump-zstd', compression: 'zstd', container: 'kdump-compressed' },
];
for (const sc of scenarios) {
  const manifest = (await import(`${sc.dir}/manifest.json`, { with: { type: 'json' } })) as {
    default: { files: { id: string; page_compression: string | null; container: string }[] };
  };
  for (const f of manifest.default.files) {
    const path = sc.files[f.id];
    if (path) dumps.push({ id: f.id, path, compression: f.page_compression ?? 'none', container: f.container });
  }
}

const results: Record<string, unknown> = { date: new Date().toISOString(), node: process.version };
if (want('formats')) {
  console.log('\n== formats: open time, random 4 KiB page reads, sequential decode vs makedumpfile');
  const rows = await benchFormats(dumps);
  table(rows);
  results.formats = rows;
}
if (want('debuginfo')) {
  console.log('\n== debug info: kallsyms, BTF, DWARF index (1 and 2 workers) vs drgn load_debug_info on the same vmlinux and dump');
  const vmlinux = scenarios.find((s) => s.vmlinux)?.vmlinux ?? null;
  const dump = dumps.find((d) => d.id === 'kdump-zlib') ?? dumps[0]!;
  const rows = await benchDebugInfo(dump.path, vmlinux);
  table(rows);
  results.debugInfo = rows;
}
if (want('kernel-state')) {
  console.log('\n== kernel state: dump + debug info + summary, log, tasks, iomem, panic; vs crash (start-up + ps; log) and drgn');
  const vmlinux = scenarios.find((s) => s.vmlinux)?.vmlinux ?? null;
  const rows = await benchKernelState(dumps, vmlinux, new Set(['kdump-zlib', 'kdump-elf-full', 'qemu-elf']));
  table(rows);
  results.kernelState = rows;
}
if (want('unwind')) {
  console.log("\n== backtraces: unwinding every task (and from nothing) vs crash's foreach bt (Debian's crash 8.0.2: start-up + foreach bt, minus start-up)");
  const vmlinux = scenarios.find((s) => s.vmlinux)?.vmlinux ?? null;
  const rows = await benchUnwind(dumps, vmlinux, new Set(['kdump-zlib', 'kdump-elf-full', 'qemu-elf']));
  table(rows);
  results.unwind = rows;
}
mkdirSync('bench-results', { recursive: true });
writeFileSync('bench-results/latest.json', JSON.stringify(results, null, 1));
console.log('\nsaved bench-results/latest.json');
