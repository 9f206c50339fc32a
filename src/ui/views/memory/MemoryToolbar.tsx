// The memory view's controls: go to an address or a symbol, in virtual or physical
// memory; lay a struct type over the bytes; move the window earlier or later.
import { useEffect, useId, useState, type FormEvent } from 'react';
import type { MemorySpace } from '../../../workers/analysis-api';
import { memoryHref } from '../../routing/route';
import { navigate } from '../../routing/use-hash-route';
import { ask } from '../../worker/requests';
import { hex, WINDOW_BYTES } from './memory-math';

export function MemoryToolbar({
  target,
  space,
  struct,
  canVirtual,
  canTypes,
}: {
  target: bigint | null;
  space: MemorySpace;
  struct: string | undefined;
  canVirtual: boolean;
  canTypes: boolean;
}) {
  const ids = { go: useId(), space: useId(), struct: useId() };
  const [expr, setExpr] = useState(target !== null ? hex(target) : '');
  const [typeName, setTypeName] = useState(struct ?? '');
  const [error, setError] = useState<string | null>(null);
  const [chosenSpace, setChosenSpace] = useState<MemorySpace>(space);
  useEffect(() => {
    setExpr(target !== null ? hex(target) : '');
  }, [target]);
  useEffect(() => {
    setTypeName(struct ?? '');
  }, [struct]);
  useEffect(() => {
    setChosenSpace(space);
  }, [space]);

  const go = async (e: FormEvent) => {
    e.preventDefault();
    const text = expr.trim();
    if (!text) return;
    if (chosenSpace === 'physical') {
      if (!/^(0x)?[0-9a-f]+$/i.test(text)) return setError('A physical address is a hexadecimal number.');
      setError(null);
      return navigate(memoryHref(text.toLowerCase().startsWith('0x') ? text : `0x${text}`, { space: 'physical', struct }));
    }
    const r = await ask((api) => api.resolveAddress(text));
    if (!r.ok) return setError(r.error.message);
    setError(null);
    navigate(memoryHref(r.value.address, { space: 'virtual', struct }));
  };
  const applyStruct = (e: FormEvent) => {
    e.preventDefault();
    if (target !== null) navigate(memoryHref(hex(target), { space, struct: typeName.trim() || undefined }));
  };
  const move = (delta: bigint) => {
    if (target === null) return;
    const next = target + delta < 0n ? 0n : target + delta;
    navigate(memoryHref(hex(next), { space, struct: undefined }));
  };

  return (
    <div className="memory-toolbar">
      <form className="filter-bar" onSubmit={(e) => void go(e)}>
        <label htmlFor={ids.go}>Go to</label>
        <input id={ids.go} data-testid="memory-address" value={expr} onChange={(e) => setExpr(e.currentTarget.value)} placeholder="address or symbol" spellCheck={false} autoComplete="off" />
        <label htmlFor={ids.space} className="visually-hidden">
          Address space
        </label>
        <select id={ids.space} value={chosenSpace} onChange={(e) => setChosenSpace(e.currentTarget.value as MemorySpace)}>
          <option value="virtual" disabled={!canVirtual}>
            kernel virtual
          </option>
          <option value="physical">physical</option>
        </select>
        <button type="submit" className="button">
          Go
        </button>
      </form>
      <form className="filter-bar" onSubmit={applyStruct}>
        <label htmlFor={ids.struct}>Struct</label>
        <input id={ids.struct} data-testid="memory-struct" value={typeName} onChange={(e) => setTypeName(e.currentTarget.value)} placeholder={canTypes ? 'e.g. task_struct' : 'no type information'} disabled={!canTypes || target === null} spellCheck={false} autoComplete="off" />
        <button type="submit" className="button" disabled={!canTypes || target === null}>
          Lay over
        </button>
      </form>
      <div className="filter-bar">
        <button type="button" className="button" onClick={() => move(-BigInt(WINDOW_BYTES / 2))} disabled={target === null}>
          ◀ Earlier
        </button>
        <button type="button" className="button" onClick={() => move(BigInt(WINDOW_BYTES / 2))} disabled={target === null}>
          Later ▶
        </button>
      </div>
      {error && (
        <p className="error-inline" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
