// Expected values for e2e checks, read from a fixture's oracle files (libkdumpfile.json,
// falling back to drgn-summary.json) instead of being hard-coded in the tests.
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const repoRoot = resolve(import.meta.dirname, '..', '..');

export interface OracleCpu {
  cpu: number;
  pid: number | null;
  registers: Map<string, bigint>;
}

export interface Oracle {
  release: string;
  cpus: OracleCpu[];
}

/** Register names as the report may spell them, mapped to libkdumpfile's spelling. */
const ALIASES: Record<string, string> = { eflags: 'rflags', 'fs.base': 'fs_base', 'gs.base': 'gs_base' };

export function canonicalRegister(name: string): string {
  return ALIASES[name] ?? name;
}

/** JSON.parse loses 64-bit values; quote every bare integer first so they become BigInts exactly. */
function parseExact(text: string): unknown {
  return JSON.parse(text.replace(/(:\s*)(-?\d+)(\s*[,}\]\n])/g, '$1"$2"$3'));
}

interface LibkdumpfileCpu {
  pid?: string;
  reg?: Record<string, string>;
}

function fromLibkdumpfile(path: string): Oracle | null {
  const j = parseExact(readFileSync(path, 'utf8')) as {
    attr?: { linux?: { uts?: { release?: string } }; cpu?: Record<string, LibkdumpfileCpu | string> };
  };
  const release = j.attr?.linux?.uts?.release;
  const cpuAttr = j.attr?.cpu;
  if (!release || !cpuAttr) return null;
  const cpus: OracleCpu[] = [];
  for (const [key, value] of Object.entries(cpuAttr)) {
    if (!/^\d+$/.test(key) || typeof value !== 'object' || !value.reg) continue;
    const registers = new Map(Object.entries(value.reg).map(([n, v]) => [canonicalRegister(n), BigInt.asUintN(64, BigInt(v))]));
    cpus.push({ cpu: Number(key), pid: value.pid === undefined ? null : Number(value.pid), registers });
  }
  return { release, cpus: cpus.sort((a, b) => a.cpu - b.cpu) };
}

function fromDrgnSummary(path: string): Oracle {
  const j = JSON.parse(readFileSync(path, 'utf8')) as {
    release: string;
    prstatus_notes: Array<{ note_index: number; pr_pid: number; rip: string }>;
  };
  return {
    release: j.release,
    cpus: j.prstatus_notes.map((n) => ({ cpu: n.note_index, pid: n.pr_pid, registers: new Map([['rip', BigInt(n.rip)]]) })),
  };
}

export function readOracle(oracleDir: string): Oracle {
  const lib = join(oracleDir, 'libkdumpfile.json');
  const fromLib = existsSync(lib) ? fromLibkdumpfile(lib) : null;
  return fromLib ?? fromDrgnSummary(join(oracleDir, 'drgn-summary.json'));
}

export interface DumpCase {
  name: string;
  dump: string;
  oracleDir: string;
}

/** The in-repo sample, then real fixtures of ../shared/fixtures when that checkout exists. */
export function dumpCases(): DumpCase[] {
  const shared = join(repoRoot, '..', 'shared', 'fixtures', 'x86_64-debian-6.1-cloud');
  return [
    {
      name: 'in-repo sample (kdump, zstd)',
      dump: join(repoRoot, 'public', 'sample', 'vmcore.kdump-zstd'),
      oracleDir: join(repoRoot, 'tests', 'data', 'sample', 'oracle'),
    },
    {
      name: 'shared fixture (kdump, zlib)',
      dump: join(shared, 'dumps', 'kdump', 'vmcore.kdump-zlib'),
      oracleDir: join(shared, 'oracle', 'kdump-zlib'),
    },
  ];
}
