// The CLI's kernel commands on the real dumps, in-process through main() with captured
// output, against crash 8.0.6; exit codes 1 (not a dump), 2 (usage) and 3 (a vmlinux
// whose build-id is patched through an overlay, accepted with --force); and one run of
// the built bundle.
import { execFileSync, spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { main, type Io } from '../../src/cli/main';
import { openFileSource } from '../../src/node/file-source';
import { allFixtures, sampleFixture, vmlinuxPath, type Fixture } from '../support/fixtures';
import { OverlaySource } from '../support/overlay-source';
import { crashBlock, crashBlocks, vmlinuxPatchPoints } from './program-support';

const repo = resolve(import.meta.dirname, '..', '..');
const vmlinux = vmlinuxPath();

async function run(
  argv: string[],
  openFile?: Io['openFile'],
): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(argv, { stdout: (s) => (out += s), stderr: (s) => (err += s), openFile });
  return { code, out, err };
}

const lines = (s: string) => s.replace(/\n$/, '').split('\n');

/** The dumps whose every crash command is replayed; the others get `sym` only. */
const FULL = new Set(['sample-kdump-zstd', 'kdump-zlib', 'kdump-elf-d31', 'qemu-elf']);
// --no-dwarf: the vmlinux's .symtab and .BTF (indexing DWARF for every run would take minutes).
const modes = vmlinux ? [[], ['--vmlinux', vmlinux, '--no-dwarf']] : [[]];

describe.each(
  allFixtures().flatMap((f) =>
    modes.map((m) => [`${f.id}${m.length ? ' --vmlinux' : ''}`, f, m] as const),
  ),
)('crashlens on %s', (_name, f: Fixture, extra: readonly string[]) => {
  const cli = (cmd: string, ...args: string[]) => run([cmd, ...args, f.path, ...extra]);

  it('sym prints what crash prints', async () => {
    for (const b of crashBlocks(f).filter((x) => x.cmd.startsWith('sym '))) {
      const r = await cli('sym', b.cmd.slice(4));
      expect(r.err).toBe('');
      expect(r.code).toBe(0);
      expect(r.out).toBe(`${b.lines[0]!.split(' ').slice(0, 3).join(' ')}\n`);
    }
  });

  // The full crash output (rd, struct, vtop) exists for these dumps only.
  if (FULL.has(f.id)) {
    it('rd, struct and vtop print what crash prints', async () => {
      const banner = await cli('rd', 'linux_banner', '--ascii');
      expect(lines(banner.out)).toEqual(crashBlock(f, 'rd -a linux_banner')!.slice(0, 4));
      for (const b of crashBlocks(f).filter((x) => /^rd (-p )?-64 /.test(x.cmd))) {
        const [, phys, what, count] = /^rd (-p )?-64 (\S+) (\d+)/.exec(b.cmd)!;
        const r = await cli('rd', what!, '--count', count!, ...(phys ? ['--phys'] : []));
        expect(r.code, b.cmd).toBe(0);
        expect(lines(r.out), b.cmd).toEqual(b.lines.slice(0, lines(r.out).length));
      }
      const s = crashBlocks(f).find((x) => x.cmd.startsWith('struct '));
      if (s) {
        const [, spec, addr] = /^struct (\S+) (\S+)/.exec(s.cmd)!;
        const r = await cli('struct', spec!, addr!);
        expect(lines(r.out)).toEqual(s.lines.slice(0, 6));
      }
      for (const b of crashBlocks(f).filter((x) => x.cmd.startsWith('vtop '))) {
        const r = await cli('vtop', b.cmd.slice(5));
        const out = lines(r.out).map((l) => l.trimEnd());
        expect(out.slice(0, 12), b.cmd).toEqual(b.lines.slice(0, 12).map((l) => l.trimEnd()));
      }
      const def = await cli('struct', 'list_head');
      expect(def.out).toBe(
        'struct list_head {\n   [0] struct list_head *next;\n   [8] struct list_head *prev;\n}\nSIZE: 16\n',
      );
    });
  }
});

describe('exit codes', () => {
  const f = sampleFixture();

  it('2 for usage errors', async () => {
    expect((await run([])).code).toBe(2);
    expect((await run(['frobnicate', f.path])).code).toBe(2);
    expect((await run(['sym', 'init_task'])).code).toBe(2);
    const r = await run(['rd', 'init_task', '--count', 'many', f.path]);
    expect(r.code).toBe(2);
    expect(r.err).toContain('--count');
  });

  it('1 with a one-line reason naming the file and the offset when the file is no dump', async () => {
    const notDump = resolve(repo, 'package.json');
    const r = await run(['sym', 'init_task', notDump]);
    expect(r.code).toBe(1);
    expect(lines(r.err)).toHaveLength(1);
    expect(r.err).toMatch(/package\.json, offset 0x0: expected a vmcore/);
  });

  it('1 for a symbol that does not exist', async () => {
    const r = await run(['sym', 'no_such_symbol_here', f.path]);
    expect(r.code).toBe(1);
    expect(r.err).toBe('crashlens: sym: no_such_symbol_here: symbol not found\n');
  });

  it.runIf(vmlinux)('3 for a vmlinux whose build-id differs; --force uses it', async () => {
    const { buildId } = await vmlinuxPatchPoints();
    const flip = Uint8Array.of(0xff ^ Number.parseInt(f.buildId.slice(0, 2), 16));
    const openFile: Io['openFile'] = async (p) => {
      const src = await openFileSource(p);
      if (p !== vmlinux) return src;
      return Object.assign(new OverlaySource(src).patch(buildId, flip), {
        close: () => src.close(),
      });
    };
    const refused = await run(['sym', 'init_task', f.path, '--vmlinux', vmlinux!], openFile);
    expect(refused.code).toBe(3);
    expect(refused.out).toBe('');
    expect(refused.err).toContain(f.buildId);
    expect(refused.err).toContain('build-id');
    const forced = await run(
      ['sym', 'init_task', f.path, '--vmlinux', vmlinux!, '--force', '--no-dwarf'],
      openFile,
    );
    expect(forced.code).toBe(0);
    expect(forced.out).toMatch(/^[0-9a-f]{16} \(D\) init_task\n$/);
    const report = await run(
      [
        'report',
        f.path,
        '--vmlinux',
        vmlinux!,
        '--force',
        '--no-dwarf',
        '--json',
        '--sections',
        'debugInfo,warnings',
      ],
      openFile,
    );
    expect(JSON.parse(report.out)).toMatchObject({
      debugInfo: { source: 'vmlinux', vmlinuxBuildIdMatch: false },
      warnings: [{ code: 'VMLINUX_MISMATCH' }],
    });
  });

  it.runIf(vmlinux)('with the vmlinux DWARF, sym adds the source line as crash does', async () => {
    const z = allFixtures().find((x) => x.id === 'kdump-zlib') ?? f;
    const want = crashBlock(z, 'sym _text')![0]!.trimEnd();
    const r = await run(['sym', '_text', z.path, '--vmlinux', vmlinux!]);
    expect(r.err).toBe('');
    expect(r.out).toBe(`${want}\n`);
    expect(want).toMatch(/head_64\.S: \d+$/);
  });

  it('report carries the debugInfo section', async () => {
    const r = await run(['report', f.path, '--json', '--sections', 'debugInfo']);
    expect(JSON.parse(r.out)).toEqual({
      schemaVersion: 1,
      debugInfo: { source: 'dump', vmlinuxBuildIdMatch: null },
    });
    const ignored = vmlinux
      ? await run(['report', f.path, '--vmlinux', vmlinux, '--no-vmlinux'])
      : null;
    if (ignored) expect(ignored.code).toBe(2);
  });
});

describe('the built bundle', () => {
  beforeAll(() => {
    execFileSync(process.execPath, [resolve(repo, 'scripts/build-cli.mjs')], { cwd: repo });
  });

  it('runs sym as bin/crashlens.mjs', () => {
    const f = sampleFixture();
    const r = spawnSync(
      process.execPath,
      [resolve(repo, 'bin/crashlens.mjs'), 'sym', 'linux_banner', f.path],
      { encoding: 'utf8' },
    );
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(`${crashBlock(f, 'sym linux_banner')![0]}\n`);
    const bad = spawnSync(process.execPath, [resolve(repo, 'bin/crashlens.mjs'), 'vtop'], {
      encoding: 'utf8',
    });
    expect(bad.status).toBe(2);
  });
});
