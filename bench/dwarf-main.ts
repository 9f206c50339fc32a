// One DWARF benchmark run per process (so that peak RSS is not inherited):
//   node --expose-gc dist/bench/dwarf-main.mjs <vmlinux> <workers>  → one JSON line.
import { benchDwarf } from './dwarf';

const [vmlinux, workers] = process.argv.slice(2);
if (!vmlinux) throw new Error('usage: dwarf-main <vmlinux> [workers]');
console.log(JSON.stringify(await benchDwarf(vmlinux, Number(workers ?? 0))));
