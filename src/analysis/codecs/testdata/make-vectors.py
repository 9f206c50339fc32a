# Generates codec test vectors. LZO1X: raw blocks made by lzop (liblzo2), extracted
# from lzop's container; zstd: single frames made by the zstd CLI. Plain inputs are not
# stored, only their size and SHA-256 (lzo-vectors.json).
# (lzop file format: header, then per block u32 BE uncompressed length, u32 BE
# compressed length, checksums, data).
# Usage: python3 make-vectors.py OUTDIR   (needs Debian's lzop and zstd)
import random, struct, subprocess, sys, os, tempfile
out = sys.argv[1]
tmp = tempfile.mkdtemp()
rnd = random.Random(1234)
def rbytes(n): return bytes(rnd.getrandbits(8) for _ in range(n))
words = b"the kernel panic page fault task struct spinlock irq softirq scheduler runqueue memory zone buddy slab".split()
text = b" ".join(rnd.choice(words) for _ in range(2000))[:4096]
zeros = bytes(4096)
pattern = b"".join(struct.pack("<QQ", 0xffff888000000000 + i * 64, i) for i in range(256))
head = rbytes(1000)
longlit = head + head * 3
longlit = longlit[:4096]
X = rbytes(2000); Y = rbytes(1000)
far = X + Y + bytes(20000) + X + bytes(14000) + Y + bytes(100)
mixed = rbytes(300) + bytes(700) + text[:1000] + rbytes(100) + pattern[:1996]
inputs = dict(text=text, zeros=zeros, pattern=pattern, longlit=longlit, far=far, mixed=mixed)
def blocks(path):
    d = open(path, 'rb').read()
    assert d[:9] == b"\x89LZO\x00\r\n\x1a\n"
    p = 9
    version, libv = struct.unpack(">HH", d[p:p+4]); p += 4
    if version >= 0x0940: p += 2
    method = d[p]; p += 1
    if version >= 0x0940: p += 1
    flags, = struct.unpack(">I", d[p:p+4]); p += 4
    if flags & 0x800: p += 4  # F_H_FILTER
    p += 4 + 4  # mode, mtime_low
    if version >= 0x0940: p += 4
    nl = d[p]; p += 1 + nl
    p += 4  # header checksum
    if flags & 0x40:  # F_H_EXTRA_FIELD
        el, = struct.unpack(">I", d[p:p+4]); p += 4 + el + 4
    res = []
    while True:
        ul, = struct.unpack(">I", d[p:p+4]); p += 4
        if ul == 0: break
        cl, = struct.unpack(">I", d[p:p+4]); p += 4
        if flags & 1: p += 4  # F_ADLER32_D
        if flags & 4: p += 4  # F_CRC32_D
        if cl < ul:
            if flags & 2: p += 4  # F_ADLER32_C
            if flags & 8: p += 4  # F_CRC32_C
        res.append((ul, cl, d[p:p+cl])); p += cl
    return res
manifest = {}
for name, data in inputs.items():
    import hashlib; manifest[name] = dict(size=len(data), sha256=hashlib.sha256(data).hexdigest())
    for level in ("1", "9"):
        src = f"{tmp}/{name}.bin"; open(src, "wb").write(data)
        subprocess.run(["lzop", f"-{level}", "-f", "-o", f"{tmp}/{name}.{level}.lzo", src], check=True)
        (ul, cl, blk), = blocks(f"{tmp}/{name}.{level}.lzo")
        assert ul == len(data) and cl < ul, (name, level, ul, cl)
        open(f"{out}/{name}.lzo{level}", "wb").write(blk)
        print(name, level, len(data), cl)

import json; open(f"{out}/lzo-vectors.json", "w").write(json.dumps(manifest, indent=1, sort_keys=True) + "\n")
for name, data in (("text", text), ("zeros", zeros), ("short", text[:4095])):
    src = f"{tmp}/{name}.page"; open(src, "wb").write(data)
    subprocess.run(["zstd", "-q", "-f", "-3", "--no-check", "-o", f"{out}/{name}.zst", src], check=True)
