// zstd pages (DUMP_DH_COMPRESSED_ZSTD): one zstd frame per page, from ZSTD_compressCCtx()
// in makedumpfile.c write_kdump_pages_cyclic; crash diskdump.c cache_page decodes it with
// ZSTD_decompressDCtx() into a block_size buffer and requires block_size bytes out.
//
// Frame header (RFC 8878 §3.1.1): magic 0xFD2FB528 (LE), Frame_Header_Descriptor
// (bits 7-6 Frame_Content_Size_flag, 5 Single_Segment, 3 reserved, 1-0 Dictionary_ID_flag),
// optional Window_Descriptor, Dictionary_ID, Frame_Content_Size. We check it before
// decoding: no dictionary, and a declared content size (when present) equal to the page
// size. The decoder is zstd's reference C decoder (v1.5.7) as WebAssembly, from zstddec:
// single-shot ZSTD_decompress into a page-sized buffer (no window buffer, so a hostile
// window size allocates nothing), checksum verified, every corruption an error code.
import { ZSTDDecoder } from 'zstddec';
import { CodecError } from './codec-error';

let decoder: ZSTDDecoder | undefined;
let loading: Promise<void> | undefined;

/** Compiles the WebAssembly decoder once; zstdDecompress needs it done. */
export function initZstd(): Promise<void> {
  loading ??= loadDecoder().then((d) => {
    decoder = d;
  });
  return loading;
}

// zstddec's init() fetches its inlined wasm as a data: URL, which a CSP connect-src 'self'
// refuses; during that synchronous call it gets a fetch that decodes the URL in memory.
async function loadDecoder(): Promise<ZSTDDecoder> {
  const d = new ZSTDDecoder();
  const g = globalThis as { fetch?: unknown };
  const had = 'fetch' in g;
  const hostFetch = g.fetch;
  g.fetch = fetchDataUrl;
  let init: Promise<void>;
  try {
    init = d.init();
  } finally {
    if (had) g.fetch = hostFetch;
    else delete g.fetch;
  }
  await init;
  return d;
}

function fetchDataUrl(url: string): Promise<{ arrayBuffer(): Promise<ArrayBuffer> }> {
  const m = /^data:[^,]*;base64,/.exec(url);
  if (!m) return Promise.reject(new Error('zstd: the decoder asked for something other than its inlined wasm'));
  const bin = atob(url.slice(m[0].length));
  const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  return Promise.resolve({ arrayBuffer: () => Promise.resolve(bytes.buffer) });
}

function fail(reason: string): never {
  throw new CodecError('zstd', reason);
}

function checkFrameHeader(input: Uint8Array, pageSize: number): void {
  if (input.length < 6) fail(`frame of ${input.length} bytes is too short`);
  const magic = (input[0]! | (input[1]! << 8) | (input[2]! << 16) | (input[3]! << 24)) >>> 0;
  if (magic !== 0xfd2fb528) fail(`bad frame magic 0x${magic.toString(16)}`);
  const fhd = input[4]!;
  if (fhd & 0x08) fail('reserved bit set in the frame header descriptor');
  const fcsFlag = fhd >> 6;
  const single = (fhd >> 5) & 1;
  const didBytes = [0, 1, 2, 4][fhd & 3]!;
  let pos = 5 + (single ? 0 : 1);
  let dictId = 0;
  for (let i = 0; i < didBytes; i++) dictId += input[pos + i]! * 2 ** (8 * i);
  if (dictId !== 0) fail(`frame needs dictionary ${dictId}`);
  pos += didBytes;
  const fcsBytes = fcsFlag === 0 ? single : 1 << fcsFlag;
  if (pos + fcsBytes > input.length) fail('truncated frame header');
  if (fcsBytes === 0) return;
  let size = 0;
  for (let i = 0; i < fcsBytes; i++) size += input[pos + i]! * 2 ** (8 * i);
  if (fcsBytes === 2) size += 256;
  if (size !== pageSize) fail(`frame content size ${size}, expected ${pageSize}`);
}

export function zstdDecompress(input: Uint8Array, pageSize: number): Uint8Array {
  if (!decoder) throw new Error('zstd: call initCodecs() before decoding zstd pages');
  checkFrameHeader(input, pageSize);
  let out: Uint8Array;
  try {
    out = decoder.decode(input, pageSize);
  } catch (e) {
    fail(e instanceof Error ? e.message : String(e)); // a wasm trap
  }
  // decode() hides ZSTD_decompress's error code: an error comes back as 0 bytes.
  if (out.length === 0) fail('corrupt frame');
  if (out.length !== pageSize) fail(`decoded ${out.length} bytes, expected ${pageSize}`);
  return out;
}
