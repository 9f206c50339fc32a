// The kdump page codecs through decompressPage: byte 0 of the input picks the
// page_desc flags (zlib, lzo, snappy, zstd, raw), the rest is the stored page. Seeds:
// pages stored in the kdump fixtures (every codec) and small synthetic streams.
import { zlibSync } from 'fflate';
import { decompressPage, initCodecs } from '../../src/analysis/codecs/page-codec';
import { openFileSource } from '../../src/node/file-source';
import { isKdump } from '../core/fixture-files';
import { denseInput, flatten, type FuzzInput } from '../core/fuzz-input';
import type { Harness, SeedContext } from '../core/harness';
import { tolerateSync } from '../core/harness';
import { kdumpLayout } from './support/kdump-layout';

const FLAGS = [0x1, 0x2, 0x4, 0x20, 0x0];
const PAGE = 4096;

function withFlags(flags: number, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(1 + data.length);
  out[0] = Math.max(0, FLAGS.indexOf(flags));
  out.set(data, 1);
  return out;
}

function textPage(): Uint8Array {
  const s = 'Linux version 6.1.0-56-cloud-amd64 (debian-kernel@lists.debian.org) ';
  return Uint8Array.from({ length: PAGE }, (_, i) => s.charCodeAt(i % s.length));
}

export const harness: Harness = {
  name: 'page-codec',
  async seeds(ctx: SeedContext): Promise<FuzzInput[]> {
    const page = textPage();
    const out = [
      denseInput('synthetic-zlib', 'page', withFlags(0x1, zlibSync(page))),
      denseInput('synthetic-raw', 'page', withFlags(0x0, page)),
    ];
    for (const f of ctx.fixtures.filter(isKdump)) {
      const src = await openFileSource(f.path);
      try {
        const layout = await kdumpLayout(src, 64);
        // A few pages of each fixture, of different sizes (zeros compress to a few bytes).
        const picked = (layout?.pages ?? []).filter((p) => p.size > 0 && p.size <= PAGE).sort((a, b) => b.size - a.size);
        for (const p of [picked[0], picked[picked.length >> 1], picked[picked.length - 1]]) {
          if (p) out.push(denseInput(`${f.id}@${p.offset}`, 'page', withFlags(p.flags & 0x27, await src.read(p.offset, p.size))));
        }
      } finally {
        await src.close();
      }
    }
    return out;
  },
  async run(input: FuzzInput): Promise<void> {
    await initCodecs();
    const bytes = flatten(input.files[0]!);
    if (bytes.length === 0) return;
    const flags = FLAGS[bytes[0]! % FLAGS.length]!;
    const data = bytes.subarray(1);
    tolerateSync(() => decompressPage(flags, data, PAGE));
    // The same stream under every other codec: each must reject it cleanly.
    for (const other of FLAGS) if (other !== flags) tolerateSync(() => decompressPage(other, data, PAGE));
  },
};
