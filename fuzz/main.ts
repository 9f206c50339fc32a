// The fuzz runner (bundled by scripts/fuzz.mjs; also the worker-thread entry).
//   --minutes N | --seconds N     total budget, split evenly over the harnesses (default 1 min)
//   --harness a,b                 only these harnesses (default: all)
//   --seed S                      run seed (default: random, printed); input i = f(S, harness, i)
//   --timeout-ms T                time limit of one input (default 5000)
//   --save DIR                    where failing inputs go (default fuzz/regressions; "none")
//   --replay DIR                  run every saved input under DIR instead of fuzzing
//   --json                        print the results as JSON (one object) on stdout
//   --list                        list the harnesses
import { isMainThread } from 'node:worker_threads';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { runCampaign, type CampaignResult } from './core/campaign';
import { cachedVmlinux, fixtureFiles, repoRoot } from './core/fixture-files';
import type { SeedContext } from './core/harness';
import { KNOWN_BUGS } from './core/known-bugs';
import { HARNESSES, harnessNames, PENDING } from './core/registry';
import { loadRegressions, regressionHarnesses } from './core/regressions';
import { workerMain } from './core/worker';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : undefined;
}
const flag = (name: string) => process.argv.includes(`--${name}`);

function fmtRow(r: CampaignResult): string {
  const bad =
    (r.failures.length ? `  FAILURES ${r.failures.length} (+${r.duplicates} dup)` : '') +
    (r.known.length ? `  known: ${r.known.map((k) => k.known).join(', ')}` : '');
  return `${r.harness.padEnd(16)} ${String(r.inputs).padStart(9)} inputs ${r.perSecond.toFixed(0).padStart(6)}/s  typed ${String(r.typed).padStart(8)}  ok ${String(r.ok).padStart(8)}  seeds ${r.seeds} (${(r.seedBytes / 1024).toFixed(0)} KiB)  slowest ${r.slowestMs} ms${bad}`;
}

async function main(): Promise<number> {
  if (flag('list')) {
    for (const h of HARNESSES) console.log(`${h.name.padEnd(16)} ${h.covers}`);
    for (const p of PENDING) console.log(`${p.name.padEnd(16)} (pending: ${p.waitingFor})`);
    return 0;
  }
  const json = flag('json');
  const log = (s: string) => (json ? process.stderr : process.stdout).write(`${s}\n`);
  const only = arg('harness')?.split(',');
  for (const n of only ?? []) if (!harnessNames.includes(n)) throw new Error(`no harness ${n}; known: ${harnessNames.join(', ')}`);
  const timeoutMs = Number(arg('timeout-ms') ?? 5000);
  const runSeed = arg('seed') !== undefined ? Number(arg('seed')) : Math.floor(Math.random() * 2 ** 31);
  const saveArg = arg('save') ?? join(repoRoot(), 'fuzz', 'regressions');
  const saveDir = saveArg === 'none' ? null : saveArg;
  const workerScript = fileURLToPath(import.meta.url);
  const replayDir = arg('replay');
  const skip = new Set(KNOWN_BUGS.flatMap((b) => b.inputs));
  const results: CampaignResult[] = [];

  if (replayDir) {
    const ctx: SeedContext = { fixtures: [], vmlinux: null };
    for (const h of regressionHarnesses(replayDir).filter((n) => !only || only.includes(n))) {
      if (!harnessNames.includes(h)) {
        log(`skipping ${replayDir}/${h}: no such harness`);
        continue;
      }
      const replay = loadRegressions(replayDir, h).filter((i) => !skip.has(i.label));
      if (replay.length === 0) continue;
      const r = await runCampaign({ harness: h, seconds: 0, runSeed: 0, timeoutMs, saveDir: null, replay, workerScript, ctx });
      log(fmtRow(r));
      results.push(r);
    }
  } else {
    const names = only ?? [...harnessNames];
    const total = arg('seconds') !== undefined ? Number(arg('seconds')) : Number(arg('minutes') ?? 1) * 60;
    const ctx: SeedContext = { fixtures: fixtureFiles(), vmlinux: cachedVmlinux() };
    log(`fuzz: seed ${runSeed}, ${total} s over ${names.length} harness(es), fixtures: ${ctx.fixtures.map((f) => f.id).join(' ')}${ctx.vmlinux ? ' + vmlinux' : ''}`);
    for (const h of names) {
      const r = await runCampaign({ harness: h, seconds: total / names.length, runSeed, timeoutMs, saveDir, workerScript, ctx });
      log(fmtRow(r));
      for (const f of r.failures) log(`  ${f.kind} at input ${f.index}: ${f.error.name}: ${f.error.message}${f.saved ? `\n    saved ${f.saved}` : ''}`);
      results.push(r);
    }
    const inputs = results.reduce((s, r) => s + r.inputs, 0);
    log(`total: ${inputs} inputs, ${results.reduce((s, r) => s + r.failures.length, 0)} distinct failures`);
  }
  if (json) process.stdout.write(`${JSON.stringify({ runSeed, results })}\n`);
  return results.some((r) => r.failures.length > 0) ? 1 : 0;
}

if (isMainThread) {
  main().then(
    (code) => process.exit(code),
    (e: unknown) => {
      console.error(e);
      process.exit(2);
    },
  );
} else {
  void workerMain();
}
