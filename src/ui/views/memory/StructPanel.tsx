// The struct laid over the bytes, member by member: offset, name, type and value (read in
// one request for the struct's bytes). Pointers link into the memory view.
import { useEffect, useState } from 'react';
import type { MemoryPage, StructLayoutInfo, StructMember } from '../../../workers/analysis-api';
import { memoryHref } from '../../routing/route';
import { ask } from '../../worker/requests';
import { hex, isKernelPointer, readUint } from './memory-math';

const MAX_ROWS = 600;

function join(pages: MemoryPage[], size: number): Uint8Array | null {
  const out = new Uint8Array(size);
  let at = 0;
  for (const p of pages) {
    if (!p.bytes) return at > 0 ? out.subarray(0, at) : null;
    out.set(p.bytes, at);
    at += p.bytes.length;
  }
  return out;
}

function valueOf(m: StructMember, bytes: Uint8Array | null) {
  if (!bytes || m.offset + m.size > bytes.length) return <span className="muted">unreadable</span>;
  if (/^char \[\d+\]$/.test(m.typeName)) {
    const raw = bytes.subarray(m.offset, m.offset + m.size);
    const nul = raw.indexOf(0);
    return `"${String.fromCharCode(...raw.subarray(0, nul < 0 ? raw.length : nul)).replace(/[^\x20-\x7e]/g, '.')}"`;
  }
  const v = readUint(bytes, m.offset, m.size);
  if (v === null) return <span className="muted">{m.size} bytes</span>;
  if (m.bitSize !== null) return String((v >> BigInt(m.bitOffset ?? 0)) & ((1n << BigInt(m.bitSize)) - 1n));
  if (m.pointer) return isKernelPointer(v) ? <a href={memoryHref(hex(v))}>{hex(v)}</a> : hex(v);
  return `${v} (${hex(v)})`;
}

export function StructPanel({ layout, target }: { layout: StructLayoutInfo; target: bigint }) {
  const [bytes, setBytes] = useState<Uint8Array | null>(null);
  useEffect(() => {
    let live = true;
    void ask((api) => api.readMemory('virtual', hex(target) as `0x${string}`, layout.size)).then((r) => {
      if (live) setBytes(r.ok ? join(r.value, layout.size) : null);
    });
    return () => {
      live = false;
    };
  }, [layout, target]);
  return (
    <div className="panel struct-panel" data-testid="struct-panel">
      <h3>
        {layout.name} at {hex(target)} <span className="muted">({layout.size} bytes)</span>
      </h3>
      <div className="struct-scroller">
        <table className="struct-table mono">
          <thead>
            <tr>
              <th scope="col">offset</th>
              <th scope="col">member</th>
              <th scope="col">type</th>
              <th scope="col">value</th>
            </tr>
          </thead>
          <tbody>
            {layout.members.slice(0, MAX_ROWS).map((m, i) => (
              <tr key={i} data-member={m.name}>
                <td>+0x{m.offset.toString(16)}</td>
                <td>{m.name}{m.bitSize !== null ? `:${m.bitSize}` : ''}</td>
                <td>{m.typeName}</td>
                <td>{valueOf(m, bytes)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
