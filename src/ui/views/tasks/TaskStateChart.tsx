// Task counts by state: a small inline SVG bar chart, and one toggle per state that
// filters the table to it (several may be on).
import type { StateCount } from '../../../workers/analysis-api';
import { formatCount } from '../../format/format-values';
import { stateColor, stateName } from './task-states';

const BAR_HEIGHT = 16;
const GAP = 4;
const WIDTH = 240;

export function TaskStateChart({
  states,
  selected,
  onToggle,
}: {
  states: StateCount[];
  selected: string[];
  onToggle: (state: string) => void;
}) {
  const max = Math.max(1, ...states.map((s) => s.count));
  const height = states.length * (BAR_HEIGHT + GAP);
  const summary = states.map((s) => `${formatCount(s.count)} ${stateName(s.state)}`).join(', ');
  return (
    <div className="state-chart">
      <svg width={WIDTH} height={height} role="img" aria-label={`Tasks by state: ${summary}`} data-testid="task-state-chart">
        {states.map((s, i) => {
          const w = Math.max(2, Math.round((s.count / max) * (WIDTH - 80)));
          const y = i * (BAR_HEIGHT + GAP);
          return (
            <g key={s.state}>
              <title>{`${s.state} (${stateName(s.state)}): ${formatCount(s.count)}`}</title>
              <text x={0} y={y + BAR_HEIGHT - 4} className="chart-label">
                {s.state}
              </text>
              <rect x={18} y={y} width={w} height={BAR_HEIGHT} rx={2} fill={stateColor(s.state)} opacity={selected.length === 0 || selected.includes(s.state) ? 1 : 0.35} />
              <text x={24 + w} y={y + BAR_HEIGHT - 4} className="chart-value">
                {formatCount(s.count)}
              </text>
            </g>
          );
        })}
      </svg>
      <div className="state-toggles" role="group" aria-label="Show only tasks in these states">
        {states.map((s) => (
          <button
            key={s.state}
            type="button"
            className="chip"
            aria-pressed={selected.includes(s.state)}
            data-state={s.state}
            onClick={() => onToggle(s.state)}
          >
            <span className="chip-swatch" style={{ background: stateColor(s.state) }} aria-hidden="true" />
            {s.state} {stateName(s.state)} ({formatCount(s.count)})
          </button>
        ))}
      </div>
    </div>
  );
}
