// Completion for the console: command names first, then per command its options, symbol
// names (from kallsyms or the vmlinux), struct/union names and, after "type.", member names.
import { stripTypedefs } from '../debuginfo/type-queries';
import type { CompoundType, Type } from '../debuginfo/types';
import { COMMANDS, findCommand } from './command-table';
import { findAggregate } from '../program/commands/struct';
import type { Program } from '../program/program';
import type { Completion, CompletionItem, ConsoleContext } from './console-types';
import { NameIndex } from './name-index';

const LIMIT = 100;
/** Every member of even the largest structs (task_struct has a few hundred). */
const MEMBER_LIMIT = 2000;

/** Sorted name lists, built once per kernel on first use (kallsyms has ~100k names). */
const symbolNames = new WeakMap<Program, NameIndex>();
const typeNames = new WeakMap<Program, NameIndex>();

function symbolsOf(k: Program): NameIndex {
  let idx = symbolNames.get(k);
  if (!idx) {
    idx = new NameIndex(Array.from(k.symbols.symbols(), (s) => s.name));
    symbolNames.set(k, idx);
  }
  return idx;
}

function typesOf(k: Program): NameIndex {
  let idx = typeNames.get(k);
  if (!idx) {
    // `struct` takes the bare name of a struct or union ("task_struct").
    const names: string[] = [];
    for (const n of k.types?.typeNames?.() ?? []) {
      const m = /^(?:struct|union) (.+)$/.exec(n);
      if (m) names.push(m[1]!);
    }
    idx = new NameIndex(names);
    typeNames.set(k, idx);
  }
  return idx;
}

/** Completions of the word that ends at `column`. */
export function complete(line: string, column: number, ctx: ConsoleContext): Completion {
  const before = line.slice(0, column);
  const from = before.search(/\S*$/);
  const word = before.slice(from);
  const words = before.slice(0, from).trim().split(/\s+/).filter(Boolean);
  if (words.length === 0) {
    const items = COMMANDS.filter((c) => c.name.startsWith(word)).map<CompletionItem>((c) => ({
      label: c.name,
      kind: 'command',
      detail: c.usage,
    }));
    return { from, items };
  }
  const cmd = findCommand(words[0]!);
  if (!cmd) return { from, items: [] };
  const items: CompletionItem[] = [];
  if (word.startsWith('-')) {
    for (const o of cmd.options ?? []) if (o.startsWith(word)) items.push({ label: o, kind: 'option' });
    return { from, items };
  }
  const k = ctx.program;
  switch (cmd.argument) {
    case 'command':
      for (const c of COMMANDS) if (c.name.startsWith(word)) items.push({ label: c.name, kind: 'command', detail: c.summary });
      break;
    case 'pid':
      for (const t of ctx.report.tasks ?? []) {
        if (items.length >= LIMIT) break;
        if (String(t.pid).startsWith(word)) items.push({ label: String(t.pid), kind: 'option', detail: t.comm });
      }
      break;
    case 'symbol':
      if (k && word.length > 0 && !/^(0x)?[0-9a-f]+$/i.test(word)) {
        for (const n of symbolsOf(k).withPrefix(word, LIMIT)) items.push({ label: n, kind: 'symbol' });
      }
      break;
    case 'type':
      if (k) return completeType(k, word, from);
      break;
    case 'none':
      break;
  }
  return { from, items };
}

function completeType(k: Program, word: string, from: number): Completion {
  const dot = word.indexOf('.');
  if (dot < 0) {
    const items = typesOf(k)
      .withPrefix(word, LIMIT)
      .map<CompletionItem>((n) => ({ label: n, kind: 'type' }));
    return { from, items };
  }
  // "task_struct.pid,se.vr": members of task_struct.se starting with "vr".
  const cut = Math.max(word.lastIndexOf('.'), word.lastIndexOf(','));
  const current = word.slice(Math.max(dot, word.lastIndexOf(',')) + 1, cut + 1);
  const path = current.split('.').filter(Boolean);
  const prefix = word.slice(cut + 1);
  let t: CompoundType | null;
  try {
    t = compound(findAggregate(k, word.slice(0, dot)));
    for (const m of path) {
      const next = t ? membersOf(t).find((x) => x.name === m) : undefined;
      t = next ? compound(next.type) : null;
    }
  } catch {
    t = null;
  }
  const items = t
    ? membersOf(t)
        .filter((m) => m.name.startsWith(prefix))
        .slice(0, MEMBER_LIMIT)
        .map<CompletionItem>((m) => ({ label: m.name, kind: 'member' }))
    : [];
  return { from: from + cut + 1, items };
}

function compound(t: Type): CompoundType | null {
  const r = stripTypedefs(t);
  return r.kind === 'struct' || r.kind === 'union' ? r : null;
}

/** Named members, with the members of anonymous structs/unions lifted in (C lookup). */
function membersOf(t: CompoundType, depth = 0): Array<{ name: string; type: Type }> {
  const out: Array<{ name: string; type: Type }> = [];
  for (const m of t.members) {
    if (m.name) out.push({ name: m.name, type: m.type });
    else if (depth < 8) {
      const inner = compound(m.type);
      if (inner) out.push(...membersOf(inner, depth + 1));
    }
  }
  return out;
}
