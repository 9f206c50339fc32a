// One line of the kernel log: the dmesg prefix and the text, coloured by level, with the
// search matches marked.
import type { LogLine } from '../../../workers/analysis-api';
import { levelName } from './log-levels';

function marked(text: string, query: string) {
  if (!query) return text;
  const lower = text.toLowerCase();
  const q = query.toLowerCase();
  const parts: Array<string | { m: string }> = [];
  let at = 0;
  for (let i = lower.indexOf(q); i >= 0; i = lower.indexOf(q, at)) {
    if (i > at) parts.push(text.slice(at, i));
    parts.push({ m: text.slice(i, i + q.length) });
    at = i + q.length;
  }
  if (at < text.length) parts.push(text.slice(at));
  return parts.map((p, i) => (typeof p === 'string' ? p : <mark key={i}>{p.m}</mark>));
}

export function LogLineText({ line, query, style }: { line: LogLine; query: string; style?: React.CSSProperties }) {
  return (
    <div
      className={`log-line log-level-${line.level}`}
      data-testid="log-line"
      data-level={line.level}
      title={line.part === 0 ? `${levelName(line.level)} (level ${line.level})` : undefined}
      style={style}
    >
      <span className="log-prefix">{line.prefix}</span>
      {marked(line.text, query)}
    </div>
  );
}
