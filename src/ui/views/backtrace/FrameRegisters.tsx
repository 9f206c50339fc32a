// The registers saved in an exception or IRQ frame (pt_regs), in pt_regs order; values
// that look like kernel addresses link into the memory view.
import { padHex } from '../../format/format-values';
import { orderRegisters } from '../../format/register-order';
import { AddressLink } from './AddressLink';

/**
 * x86_64 kernel addresses start at the canonical upper half; the last page holds the
 * negative error codes a register often carries (-ENOSYS = 0xffffffffffffffda).
 */
export function looksLikeKernelAddress(hex: string): boolean {
  return /^0xffff[89a-f][0-9a-f]{11}$/i.test(padHex(hex, 16)) && !/^0xfffffffffffff[0-9a-f]{3}$/i.test(padHex(hex, 16));
}

export function FrameRegisters({ registers }: { registers: Record<string, string> }) {
  return (
    <dl className="reg-grid frame-registers mono" aria-label="Saved registers">
      {orderRegisters(registers).map(([name, value]) => (
        <div className="reg" key={name}>
          <dt>{name}</dt>
          <dd>{looksLikeKernelAddress(value) ? <AddressLink address={value} label={padHex(value, 16)} /> : padHex(value, 16)}</dd>
        </div>
      ))}
    </dl>
  );
}
