// The command console: crash's vocabulary, run in the analysis worker (a command never
// touches the page), with completion and history. Loaded lazily with monaco.
import { useState } from 'react';
import { askWith } from '../../worker/requests';
import { ViewHeading } from '../ViewHeading';
import { CommandInput } from './CommandInput';
import { ConsoleOutput, type ConsoleEntry } from './ConsoleOutput';

const WELCOME: ConsoleEntry = {
  id: 0,
  line: 'help',
  ok: true,
  text: 'Type a command (sys, ps, bt, log, rd, struct, sym, vtop, help) and press Enter.',
};

/** Entries survive switching views (the module outlives the component). */
let saved: ConsoleEntry[] = [WELCOME];
let nextId = 1;

export default function ConsoleView() {
  const [entries, setEntries] = useState<ConsoleEntry[]>(saved);
  const [running, setRunning] = useState(0);
  const update = (f: (e: ConsoleEntry[]) => ConsoleEntry[]) =>
    setEntries((prev) => {
      saved = f(prev).slice(-200);
      return saved;
    });
  const run = async (line: string) => {
    if (!line) return;
    const id = nextId++;
    update((e) => [...e, { id, line, text: null, ok: true }]);
    setRunning((n) => n + 1);
    const out = await askWith(
      (api) => api.runCommand(line),
      (err) => ({ ok: false, text: err.message }),
    );
    setRunning((n) => n - 1);
    update((e) => e.map((x) => (x.id === id ? { ...x, text: out.text, ok: out.ok } : x)));
  };
  return (
    <section className="view view-fill console-view" aria-label="Console">
      <ViewHeading>Console</ViewHeading>
      <ConsoleOutput entries={entries} />
      <div className="console-prompt-row">
        <span className="console-prompt-label mono" aria-hidden="true">
          crash&gt;
        </span>
        <CommandInput onRun={(l) => void run(l)} disabled={running > 0} />
      </div>
    </section>
  );
}
