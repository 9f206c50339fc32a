// Display formatting of report values. A missing value (null/undefined) shows as "—".

export const MISSING = '—';

export function show(v: string | number | null | undefined): string {
  if (v === null || v === undefined || v === '') return MISSING;
  return typeof v === 'number' ? formatCount(v) : v;
}

export function formatCount(n: number): string {
  return Number.isInteger(n) ? n.toLocaleString('en-US') : String(n);
}

const UNITS = ['bytes', 'KiB', 'MiB', 'GiB', 'TiB'] as const;

export function formatBytes(n: number | null | undefined): string {
  if (n === null || n === undefined) return MISSING;
  let v = n;
  let unit = 0;
  while (v >= 1024 && unit < UNITS.length - 1) {
    v /= 1024;
    unit += 1;
  }
  if (unit === 0) return `${formatCount(n)} bytes`;
  const value = Number.isInteger(v) ? String(v) : v.toFixed(1);
  return `${value} ${UNITS[unit]} (${formatCount(n)} bytes)`;
}

/** ISO crash time as given, plus the same instant in the viewer's locale. */
export function formatTime(iso: string | null | undefined): string {
  if (!iso) return MISSING;
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return `${iso} (${d.toLocaleString()})`;
}

export function formatUptime(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined) return MISSING;
  const whole = Math.floor(seconds);
  const d = Math.floor(whole / 86400);
  const h = Math.floor((whole % 86400) / 3600);
  const m = Math.floor((whole % 3600) / 60);
  const s = (seconds % 60).toFixed(seconds < 60 ? 3 : 0);
  const parts = [d ? `${d}d` : '', h ? `${h}h` : '', m ? `${m}m` : '', `${s}s`].filter(Boolean);
  return `${parts.join(' ')} (${seconds} s)`;
}

export function formatDumpLevel(level: number | null | undefined): string {
  if (level === null || level === undefined) return MISSING;
  return `${level} (mask 0x${level.toString(16)})`;
}

export function formatBool(v: boolean | null | undefined): string {
  if (v === null || v === undefined) return MISSING;
  return v ? 'yes' : 'no';
}

/** Pads a 0x… hex value to `digits` hex digits so register columns line up. */
export function padHex(hex: string, digits: number): string {
  if (!/^0x[0-9a-f]+$/i.test(hex)) return hex;
  return `0x${hex.slice(2).padStart(digits, '0')}`;
}
