// The memory view with no address yet: a few good places to start.
import type { OpenedDump } from '../../../workers/analysis-api';
import { AddressLink } from '../backtrace/AddressLink';
import { looksLikeKernelAddress } from '../backtrace/FrameRegisters';

export function MemoryStart({ dump }: { dump: OpenedDump }) {
  const cpu = dump.report.cpus.find((c) => c.cpu === dump.report.panic?.cpu) ?? dump.report.cpus[0];
  const sp = cpu?.registers.rsp ?? cpu?.registers.sp;
  const ram = dump.report.iomem?.find((e) => e.name === 'System RAM' && e.depth === 0);
  return (
    <div className="panel">
      <p>Type an address or a symbol above, or start from:</p>
      <ul>
        {sp && looksLikeKernelAddress(sp) && dump.capabilities.virtualMemory && (
          <li>
            the stack of CPU {cpu!.cpu}: <AddressLink address={sp} />
          </li>
        )}
        <li>
          physical address 0: <AddressLink address="0x0" space="physical" />
        </li>
        {ram && (
          <li>
            the first System RAM range: <AddressLink address={ram.start} space="physical" />
          </li>
        )}
      </ul>
    </div>
  );
}
