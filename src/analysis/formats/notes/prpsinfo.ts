// NT_PRPSINFO ("CORE", type 3): struct elf_prpsinfo (include/linux/elfcore.h,
// fs/binfmt_elf.c fill_psinfo). Not written by kdump; found in process cores and some
// hand-made dumps.
//   char pr_state, pr_sname, pr_zomb, pr_nice; unsigned long pr_flag;
//   __kernel_uid_t pr_uid; __kernel_gid_t pr_gid; pid_t pr_pid, pr_ppid, pr_pgrp, pr_sid;
//   char pr_fname[16]; char pr_psargs[80];
// LP64: flag u64 @8, uid/gid u32 @16/@20, pid @24, fname @40, psargs @56 (136 bytes).
// i386/arm: flag u32 @4, uid/gid u16 @8/@10 (__kernel_uid_t is unsigned short there),
// pid @12, fname @28, psargs @44 (124 bytes).
import { Cursor } from '../../binary/cursor';
import type { ElfNote } from './elf-note';

export interface PrPsInfo {
  state: number;
  /** One-letter state: R, S, D, T, Z… */
  sname: string;
  zomb: number;
  nice: number;
  flag: bigint;
  uid: number;
  gid: number;
  pid: number;
  ppid: number;
  pgrp: number;
  sid: number;
  fname: string;
  psargs: string;
}

/** Decodes a 64-bit (LP64) or 32-bit prpsinfo; throws BadDataError when the descriptor is short. */
export function decodePrpsinfo(note: ElfNote, is64: boolean, littleEndian = true): PrPsInfo {
  const c = new Cursor(note.desc, note.source, note.descOffset, littleEndian);
  c.need(is64 ? 136 : 124, `elf_prpsinfo (${is64 ? 64 : 32}-bit)`, 0);
  const state = c.u8('pr_state');
  const sname = c.u8('pr_sname');
  const zomb = c.u8('pr_zomb');
  const nice = (c.u8('pr_nice') << 24) >> 24;
  let flag: bigint;
  let uid: number;
  let gid: number;
  if (is64) {
    flag = c.seek(8).u64('pr_flag');
    uid = c.u32('pr_uid');
    gid = c.u32('pr_gid');
  } else {
    flag = BigInt(c.u32('pr_flag'));
    uid = c.u16('pr_uid');
    gid = c.u16('pr_gid');
  }
  const pid = c.i32('pr_pid');
  const ppid = c.i32('pr_ppid');
  const pgrp = c.i32('pr_pgrp');
  const sid = c.i32('pr_sid');
  const fname = c.fixedString(16, 'pr_fname');
  const psargs = c.fixedString(80, 'pr_psargs');
  return {
    state,
    sname: sname ? String.fromCharCode(sname) : '',
    zomb,
    nice,
    flag,
    uid,
    gid,
    pid,
    ppid,
    pgrp,
    sid,
    fname,
    psargs,
  };
}
