// ELF note records as found in a vmcore's PT_NOTE (or a kdump sub-header's note copy).

/** One note: n_namesz/n_descsz/n_type header, name and desc each padded to 4 bytes. */
export interface ElfNote {
  /** Owner name without the trailing NUL: "CORE", "VMCOREINFO", "QEMU", "LINUX"… */
  name: string;
  type: number;
  desc: Uint8Array;
  /** File offset of desc, for error messages. */
  descOffset: number;
  /** Name of the file the note came from. */
  source: string;
}

export const NT_PRSTATUS = 1;
export const NT_PRFPREG = 2;
export const NT_PRPSINFO = 3;
export const NT_TASKSTRUCT = 4;
export const NT_AUXV = 6;
/** VMCOREINFO note type (name "VMCOREINFO"). */
export const NT_VMCOREINFO = 0;
