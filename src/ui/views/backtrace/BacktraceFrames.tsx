// A backtrace as crash prints it, one frame per row: "#N [sp] function+off at pc", the
// source line, and for exception and IRQ frames the saved registers. Every address
// links into the memory view; the frame number links to the frame's own URL.
import { useEffect, useRef } from 'react';
import type { ReportBacktrace, ReportFrame } from '../../../analysis/report/report-types';
import { taskHref } from '../../routing/route';
import { AddressLink } from './AddressLink';
import { FrameRegisters } from './FrameRegisters';

/** Saved registers of an exception/IRQ frame, when the unwinder gives them. */
type FrameWithRegisters = ReportFrame & { registers?: Record<string, string> };

function FrameRow({ bt, frame, index, selected }: { bt: ReportBacktrace; frame: FrameWithRegisters; index: number; selected: boolean }) {
  const ref = useRef<HTMLLIElement>(null);
  useEffect(() => {
    // A frame's own URL (#/tasks/<pid>/frames/<n>) brings it into view.
    if (selected) ref.current?.scrollIntoView({ block: 'nearest' });
  }, [selected]);
  const name = frame.symbol ? `${frame.symbol}${frame.offset ? `+${frame.offset}` : ''}` : '(unknown)';
  return (
    <li
      ref={ref}
      className={`frame frame-${frame.kind}${selected ? ' frame-selected' : ''}`}
      data-testid="backtrace-frame"
      data-symbol={frame.symbol ?? ''}
      aria-current={selected ? 'true' : undefined}
    >
      <div className="frame-line mono">
        <a className="frame-number" href={taskHref(bt.pid, bt.cpu, index)} aria-label={`Frame ${index}: ${name}`}>
          #{index}
        </a>{' '}
        [<AddressLink address={frame.sp} />] <span className="frame-symbol">{name}</span>
        {frame.inline && <span className="badge">inlined</span>}
        {frame.kind !== 'normal' && <span className="badge">{frame.kind}</span>} at <AddressLink address={frame.pc} />
        {frame.module && <span className="muted"> [{frame.module}]</span>}
      </div>
      {frame.file && (
        <div className="frame-source mono muted">
          {frame.file}
          {frame.line !== null ? `:${frame.line}` : ''}
        </div>
      )}
      {frame.registers && <FrameRegisters registers={frame.registers} />}
    </li>
  );
}

export function BacktraceFrames({ backtrace, selected }: { backtrace: ReportBacktrace; selected: number | null }) {
  if (backtrace.frames.length === 0) return <p className="muted">No frames could be unwound for this task.</p>;
  return (
    <ol className="frames" aria-label={`Backtrace of pid ${backtrace.pid}`}>
      {backtrace.frames.map((f, i) => (
        <FrameRow key={i} bt={backtrace} frame={f} index={i} selected={selected === i} />
      ))}
    </ol>
  );
}
