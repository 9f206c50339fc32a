// Where the task_struct members the task table needs are, found by asking the types:
//  - `__state` (v5.14, commit 2f064a59a11f) or `state`;
//  - the CPU in `thread_info.cpu` (v5.16 with THREAD_INFO_IN_TASK, commit bcf9033e5449)
//    or `cpu` (v4.9–v5.15);
//  - threads on `signal->thread_head` through `thread_node` (v3.14, commit 0c740d0afc3b)
//    or on the `thread_group` ring (removed in v6.7, commit 8e1f385104ac).
// All members are read with one read per task, from `span.start` to `span.end`.
import { MissingDebugInfoError } from '../../../errors';
import { sizeOf } from '../../../debuginfo/type-queries';
import type { StructLayouts } from '../struct-layout';

interface Field {
  offset: number;
  size: number;
}

export interface TaskLayout {
  pid: Field;
  tgid: Field;
  comm: Field;
  state: Field;
  exitState: Field;
  cpu: Field | undefined;
  onCpu: Field | undefined;
  flags: Field;
  realParent: Field;
  stack: Field | undefined;
  /** list_head task_struct.tasks (the process list). */
  tasks: number;
  /** How the threads of a group are linked. */
  threads:
    | { kind: 'thread_node'; signal: Field; threadNode: number; threadHead: number }
    | { kind: 'thread_group'; threadGroup: number };
  /** Byte range of task_struct that holds every field above. */
  span: { start: number; end: number };
}

const T = 'task_struct';

export function taskLayout(l: StructLayouts): TaskLayout {
  if (!l.type(T)) throw new MissingDebugInfoError('struct task_struct (no DWARF or BTF)');
  const field = (member: string): Field => {
    const loc = l.tryMember(T, member);
    if (!loc) throw new MissingDebugInfoError(`task_struct.${member}`);
    return { offset: loc.bitOffset / 8, size: sizeOf(loc.type) };
  };
  const optional = (member: string) => (l.tryMember(T, member) ? field(member) : undefined);
  const state = optional('__state') ?? field('state');
  const cpu = optional('thread_info.cpu') ?? optional('cpu');
  const threads: TaskLayout['threads'] =
    l.has(T, 'thread_node') && l.has('signal_struct', 'thread_head')
      ? {
          kind: 'thread_node',
          signal: field('signal'),
          threadNode: l.offset(T, 'thread_node'),
          threadHead: l.offset('signal_struct', 'thread_head'),
        }
      : { kind: 'thread_group', threadGroup: l.offset(T, 'thread_group') };
  const layout = {
    pid: field('pid'),
    tgid: field('tgid'),
    comm: field('comm'),
    state,
    exitState: field('exit_state'),
    cpu,
    onCpu: optional('on_cpu'),
    flags: field('flags'),
    realParent: field('real_parent'),
    stack: optional('stack'),
    tasks: l.offset(T, 'tasks'),
    threads,
  };
  const fields: Field[] = [
    layout.pid, layout.tgid, layout.comm, layout.state, layout.exitState, layout.flags, layout.realParent,
    { offset: layout.tasks, size: 16 },
    ...[layout.cpu, layout.onCpu, layout.stack].filter((f): f is Field => f !== undefined),
  ];
  if (threads.kind === 'thread_node') fields.push(threads.signal, { offset: threads.threadNode, size: 16 });
  else fields.push({ offset: threads.threadGroup, size: 16 });
  const start = Math.min(...fields.map((f) => f.offset));
  const end = Math.max(...fields.map((f) => f.offset + f.size));
  return { ...layout, span: { start, end } };
}
