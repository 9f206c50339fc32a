// crash's `p <expression>` for the expressions it is mostly used with: a global
// variable, a member path from one ("init_task.comm", "init_task.mm->pgd"), printed the
// way gdb prints the value (format/format-value.ts):
//   p jiffies_64          → jiffies_64 = 4294894689
//   p init_task.comm      → init_task.comm = "swapper/0\000\000\000\000\000\000"
import { formatValue } from '../format/format-value';
import type { Program } from '../program';

const PATH = /^\s*([A-Za-z_$][\w$]*)(.*)$/s;

export async function printCommand(prog: Program, expr: string): Promise<string[]> {
  const m = PATH.exec(expr);
  const name = m?.[1] ?? expr.trim();
  const rest = m?.[2]?.trim() ?? '';
  const base = prog.variable(name);
  const obj = rest ? await base.follow(rest.startsWith('.') ? rest.slice(1) : rest) : base;
  const ctx = { symbolize: (a: bigint) => prog.symbolize(a), read: (a: bigint, n: number) => prog.read(a, n) };
  let text: string;
  if (obj.bitField) {
    text = String(await obj.value());
  } else {
    text = await formatValue(ctx, obj.type, await obj.bytes(), { byte: 0 }, 0);
  }
  return `${expr.trim()} = ${text}`.split('\n');
}
