// The shape check of a report read from a file or a link, before any view touches it.
// Not the JSON Schema (schema/report.schema.json, validated in the tests): that needs a
// validator which compiles code at run time, which the app's Content-Security-Policy
// forbids. This checks what the views rely on — the type of every field they read — so
// that a damaged or hand-made report is refused with a message naming the field.

/** s string, n number, b boolean, o object, S string[]; a trailing ? also allows null. */
type Kind = 's' | 'n' | 'b' | 'o' | 'S' | 's?' | 'n?' | 'b?';
type Shape = Record<string, Kind>;

const SECTIONS: Record<string, { shape: Shape; list: boolean }> = {
  dump: {
    list: false,
    shape: {
      files: 'S',
      format: 's',
      compression: 's',
      producer: 's',
      dumpLevel: 'n?',
      pageSize: 'n',
      excludedPages: 'n',
    },
  },
  system: {
    list: false,
    shape: {
      release: 's?',
      version: 's?',
      machine: 's?',
      nodename: 's?',
      cpus: 'n?',
      memoryBytes: 'n?',
      kaslrOffset: 's?',
      physBase: 's?',
      buildId: 's?',
      crashTime: 's?',
      uptimeSeconds: 'n?',
    },
  },
  debugInfo: { list: false, shape: { source: 's', vmlinuxBuildIdMatch: 'b?' } },
  panic: { list: false, shape: { message: 's?', cpu: 'n?', pid: 'n?', comm: 's?' } },
  cpus: { list: true, shape: { cpu: 'n', pid: 'n', registers: 'o' } },
  tasks: {
    list: true,
    shape: {
      pid: 'n',
      tgid: 'n',
      ppid: 'n',
      comm: 's',
      state: 's',
      cpu: 'n',
      task: 's?',
      onCpu: 'b',
    },
  },
  backtraces: { list: true, shape: { pid: 'n', cpu: 'n?' } },
  log: {
    list: true,
    shape: { seq: 'n', timestampNs: 's', level: 'n', facility: 'n', caller: 's', text: 's' },
  },
  iomem: { list: true, shape: { start: 's', end: 's', name: 's', depth: 'n' } },
  warnings: { list: true, shape: { code: 's', message: 's' } },
};

const FRAME: Shape = {
  pc: 's?',
  sp: 's?',
  symbol: 's?',
  offset: 'n?',
  module: 's?',
  file: 's?',
  line: 'n?',
  inline: 'b',
  kind: 's',
};

function kindOk(v: unknown, kind: Kind): boolean {
  if (kind.endsWith('?') && v === null) return true;
  switch (kind[0]) {
    case 's':
      return typeof v === 'string';
    case 'n':
      return typeof v === 'number' && Number.isFinite(v);
    case 'b':
      return typeof v === 'boolean';
    case 'o':
      return v !== null && typeof v === 'object' && !Array.isArray(v);
    case 'S':
      return Array.isArray(v) && v.every((x) => typeof x === 'string');
    default:
      return false;
  }
}

const NAMES: Record<string, string> = {
  s: 'a string',
  n: 'a number',
  b: 'true or false',
  o: 'an object',
  S: 'a list of strings',
};

function checkObject(v: unknown, shape: Shape, path: string): string | null {
  if (!kindOk(v, 'o')) return `${path}: expected an object`;
  const obj = v as Record<string, unknown>;
  for (const [key, kind] of Object.entries(shape)) {
    if (!kindOk(obj[key], kind))
      return `${path}.${key}: expected ${NAMES[kind[0]!]}${kind.endsWith('?') ? ' or null' : ''}`;
  }
  return null;
}

/** The first problem of a report's shape, or null when the views can show it. */
export function checkReportShape(report: Record<string, unknown>): string | null {
  for (const [name, { shape, list }] of Object.entries(SECTIONS)) {
    const v = report[name];
    if (v === undefined) continue;
    if (!list) {
      const p = checkObject(v, shape, name);
      if (p) return p;
      continue;
    }
    if (!Array.isArray(v)) return `${name}: expected a list`;
    for (const [i, item] of v.entries()) {
      const p =
        checkObject(item, shape, `${name}[${i}]`) ??
        (name === 'backtraces'
          ? checkFrames(item as Record<string, unknown>, `${name}[${i}]`)
          : null) ??
        (name === 'cpus' ? checkRegisters(item as Record<string, unknown>, `${name}[${i}]`) : null);
      if (p) return p;
    }
  }
  return null;
}

function checkFrames(bt: Record<string, unknown>, path: string): string | null {
  if (!Array.isArray(bt.frames)) return `${path}.frames: expected a list`;
  for (const [i, f] of bt.frames.entries()) {
    const p = checkObject(f, FRAME, `${path}.frames[${i}]`);
    if (p) return p;
  }
  return null;
}

function checkRegisters(cpu: Record<string, unknown>, path: string): string | null {
  for (const [k, v] of Object.entries(cpu.registers as Record<string, unknown>)) {
    if (typeof v !== 'string') return `${path}.registers.${k}: expected a string`;
  }
  return null;
}
