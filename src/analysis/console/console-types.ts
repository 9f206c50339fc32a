// What the console's commands see of the open dump, and what they give back.
import type { AddressSpace } from '../memory/address-space';
import type { Program } from '../program/program';
import type { Report } from '../report/report-types';

export interface CommandOutput {
  ok: boolean;
  /** What the command printed (several lines, no trailing newline). */
  text: string;
}

export interface CompletionItem {
  label: string;
  kind: 'command' | 'symbol' | 'type' | 'member' | 'option';
  detail?: string;
}

export interface Completion {
  /** Column (0-based) where the completed word starts. */
  from: number;
  items: CompletionItem[];
}

export interface ConsoleContext {
  report: Report;
  /** Physical memory of the dump: always there (`rd -p` works without debug info). */
  physical: AddressSpace;
  /** Symbols, types and kernel virtual memory; null when the dump gives none. */
  program: Program | null;
}
