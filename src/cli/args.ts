// Command-line parsing for `crashlens <command> …` (../shared/CONTRACT.md).

export class UsageError extends Error {}

export interface ParsedArgs {
  command: string;
  positional: string[];
  flags: Map<string, string | true>;
}

/** Flags that take a value; every other --flag is boolean. */
const VALUED = new Set(['vmlinux', 'sections', 'redact', 'count']);

export function parseArgs(argv: string[]): ParsedArgs {
  const [command, ...rest] = argv;
  if (!command || command === '--help' || command === '-h') throw new UsageError('');
  const positional: string[] = [];
  const flags = new Map<string, string | true>();
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i]!;
    if (a.startsWith('--')) {
      const eq = a.indexOf('=');
      const name = eq > 0 ? a.slice(2, eq) : a.slice(2);
      if (VALUED.has(name)) {
        const value = eq > 0 ? a.slice(eq + 1) : rest[++i];
        if (value === undefined) throw new UsageError(`--${name} needs a value`);
        flags.set(name, value);
      } else {
        flags.set(name, true);
      }
    } else {
      positional.push(a);
    }
  }
  return { command, positional, flags };
}

export const USAGE = `usage:
  crashlens report <dumpfile>... [--vmlinux <file>] [--no-vmlinux] [--json] [--sections a,b,...]
                   [--redact hostname,kaslr,comm=<name>,log=<regex>] [--force]
  crashlens sym <name|address> <dumpfile>... [--vmlinux <file>]
  crashlens vtop <kernel-virtual-address> <dumpfile>... [--vmlinux <file>]
  crashlens rd <address> [--count N] [--phys] [--ascii] <dumpfile>... [--vmlinux <file>]
  crashlens struct <type>[.member[,member...]] [address] <dumpfile>... [--vmlinux <file>]
  crashlens bt [pid | -a | --all] [-l] [--json] <dumpfile>... [--vmlinux <file>]

Dump files may be given in any order (several for a split dump); the format is
detected from magic bytes. Addresses are hexadecimal (with or without 0x) or symbol
names. Every command takes --vmlinux <file>, --no-vmlinux, --force and --no-dwarf
(the vmlinux's symbols and BTF only: a faster start, no source lines). Exit codes:
0 ok, 1 the dump cannot be analyzed, 2 usage error, 3 the vmlinux does not match the
dump (--force overrides).`;
