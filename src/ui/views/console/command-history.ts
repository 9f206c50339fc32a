// The console's command history for this tab (kept in memory only), with a cursor for
// Up/Down that starts past the newest entry.
const MAX = 500;

export class CommandHistory {
  private entries: string[] = [];
  private cursor = 0;

  add(line: string): void {
    if (line && this.entries[this.entries.length - 1] !== line) this.entries.push(line);
    if (this.entries.length > MAX) this.entries.shift();
    this.cursor = this.entries.length;
  }

  /** The previous (-1) or next (+1) entry; past the newest gives "". */
  move(step: -1 | 1): string | null {
    if (this.entries.length === 0) return null;
    this.cursor = Math.max(0, Math.min(this.entries.length, this.cursor + step));
    return this.entries[this.cursor] ?? '';
  }
}

export const history = new CommandHistory();
