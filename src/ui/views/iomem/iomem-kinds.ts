// Colour classes of iomem ranges by their name (the names the kernel registers).
export type IomemKind = 'ram' | 'reserved' | 'pci' | 'crash' | 'kernel' | 'rom' | 'acpi' | 'other';

export function iomemKind(name: string): IomemKind {
  if (/^System RAM$/i.test(name)) return 'ram';
  if (/^Crash kernel$/i.test(name)) return 'crash';
  if (/^Kernel (code|rodata|data|bss)$/i.test(name)) return 'kernel';
  if (/reserved/i.test(name)) return 'reserved';
  if (/^PCI|^[0-9a-f]{4}:[0-9a-f]{2}:[0-9a-f]{2}\.\d/i.test(name)) return 'pci';
  if (/ROM/.test(name)) return 'rom';
  if (/ACPI/i.test(name)) return 'acpi';
  return 'other';
}

export const KIND_LABELS: Record<IomemKind, string> = {
  ram: 'System RAM',
  reserved: 'Reserved',
  pci: 'PCI',
  crash: 'Crash kernel',
  kernel: 'Kernel image',
  rom: 'ROM',
  acpi: 'ACPI',
  other: 'Other',
};
