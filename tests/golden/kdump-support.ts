// Opening the real kdump-compressed / flattened fixtures for the golden tests, and the
// oracle outputs they are compared with (crash `rd -p -64`, drgn and libkdumpfile reads).
import { open as openFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { existsSync, readFileSync } from 'node:fs';
import type { ByteSource } from '../../src/analysis/io/byte-source';
import { CachedSource, type CacheOptions } from '../../src/analysis/io/cached-source';
import { FileHandleSource } from '../../src/analysis/io/file-handle-source';
import { FlattenedSource, sniffFlattened } from '../../src/analysis/formats/flattened-source';
import { openKdump, type KdumpImage } from '../../src/analysis/formats/kdump-compressed';
import { openElfCore } from '../../src/analysis/formats/elf-core';
import type { DumpImage } from '../../src/analysis/formats/dump-image';
import { allFixtures, type Fixture } from '../support/fixtures';

export const isKdumpFixture = (f: Fixture) => /^(kdump-compressed|makedumpfile-flattened)/.test(f.manifest.container);
export const kdumpFixtures = () => allFixtures().filter(isKdumpFixture);

export interface Opened<T extends DumpImage> {
  image: T;
  file: ByteSource;
  /** The source the image reads (the flattened wrapper, when there is one). */
  source: ByteSource;
  openMs: number;
  close(): Promise<void>;
}

async function openSource(path: string, cache?: CacheOptions) {
  const fh = await openFile(path);
  const size = (await fh.stat()).size;
  let file: ByteSource = new FileHandleSource(basename(path), size, fh);
  if (cache) file = new CachedSource(file, cache);
  return { fh, file };
}

/** Opens a kdump-compressed fixture, unwrapping the flattened format when present. */
export async function openKdumpFixture(f: Fixture, cache?: CacheOptions): Promise<Opened<KdumpImage>> {
  const { fh, file } = await openSource(f.path, cache);
  const t0 = performance.now();
  const source = sniffFlattened(await file.read(0, 64)) ? new FlattenedSource(file) : file;
  const image = await openKdump(source);
  return { image, file, source, openMs: performance.now() - t0, close: () => fh.close() };
}

export async function openElfFixture(f: Fixture): Promise<Opened<DumpImage>> {
  const { fh, file } = await openSource(f.path);
  const t0 = performance.now();
  const image = await openElfCore(file);
  return { image, file, source: file, openMs: performance.now() - t0, close: () => fh.close() };
}

export interface OracleRead {
  label: string;
  paddr: bigint;
  bytes: Uint8Array;
}

const hexBytes = (h: string) => Uint8Array.from(Buffer.from(h, 'hex'));

/** Physical reads recorded by crash (`rd -p -64 ADDR N`, 64-bit little-endian words). */
export function crashPhysReads(text: string): OracleRead[] {
  const out: OracleRead[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const m = /^crash> rd -p -64 (0x[0-9a-f]+) (\d+)$/.exec(lines[i]!);
    if (!m) continue;
    const words: bigint[] = [];
    for (let j = i + 1; j < lines.length && !lines[j]!.startsWith('crash>'); j++) {
      const row = /^\s*[0-9a-f]+:\s+((?:[0-9a-f]{16}\s+)+)/.exec(lines[j]!);
      if (row) words.push(...row[1]!.trim().split(/\s+/).map((w) => BigInt(`0x${w}`)));
    }
    const bytes = new Uint8Array(words.length * 8);
    words.forEach((w, k) => new DataView(bytes.buffer).setBigUint64(k * 8, w, true));
    out.push({ label: `crash ${lines[i]!.slice(7)}`, paddr: BigInt(m[1]!), bytes });
  }
  return out;
}

/** Physical reads of drgn-reads.json and libkdumpfile.json ("space": 0 = physical). */
export function jsonPhysReads(dir: string): OracleRead[] {
  const out: OracleRead[] = [];
  const drgn = join(dir, 'drgn-reads.json');
  if (existsSync(drgn)) {
    for (const r of JSON.parse(readFileSync(drgn, 'utf8')) as { label: string; addr: string; physical: boolean; hex?: string }[]) {
      if (r.physical && r.hex) out.push({ label: `drgn ${r.label}`, paddr: BigInt(r.addr), bytes: hexBytes(r.hex) });
    }
  }
  for (const name of ['libkdumpfile.json', 'libkdumpfile-reassembled.json']) {
    const p = join(dir, name);
    if (!existsSync(p)) continue;
    const j = JSON.parse(readFileSync(p, 'utf8')) as { reads?: { label: string; space: number; addr: string; hex?: string }[] };
    for (const r of j.reads ?? []) {
      if (r.space === 0 && r.hex) out.push({ label: `libkdumpfile ${r.label}`, paddr: BigInt(r.addr), bytes: hexBytes(r.hex) });
    }
  }
  return out;
}
