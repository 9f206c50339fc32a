// Memory: a hex view of kernel virtual or physical memory at the route's address
// (#/memory/<addr>?space=physical&struct=<type>), with symbols for pointers, a struct laid
// over the bytes, and excluded pages shown as such.
import type { OpenedDump } from '../../../workers/analysis-api';
import { useAppStore } from '../../state/store';
import { ViewHeading } from '../ViewHeading';
import { HexView } from './HexView';
import { MemoryStart } from './MemoryStart';
import { MemoryToolbar } from './MemoryToolbar';
import { parseRouteAddress } from './memory-math';
import { StructPanel } from './StructPanel';
import { useStructLayout } from './use-struct-layout';
import { MemoryNotInReport } from '../../share/SharedReportNotice';

export function MemoryView({ dump }: { dump: OpenedDump }) {
  const route = useAppStore((s) => s.route);
  const caps = dump.capabilities;
  const target = parseRouteAddress(route.path[0]);
  const space = route.query.space === 'physical' || !caps.virtualMemory ? 'physical' : 'virtual';
  const struct = space === 'virtual' ? route.query.struct : undefined;
  const layout = useStructLayout(caps.types ? struct : undefined);
  const wantedVirtual = route.query.space !== 'physical' && !caps.virtualMemory && target !== null;
  if (dump.sharedReport) {
    return (
      <section className="view" aria-label="Memory">
        <ViewHeading>Memory</ViewHeading>
        <MemoryNotInReport />
      </section>
    );
  }
  return (
    <section className="view" aria-label="Memory">
      <ViewHeading>Memory</ViewHeading>
      <MemoryToolbar target={target} space={space} struct={struct} canVirtual={caps.virtualMemory} canTypes={caps.types} />
      {wantedVirtual && (
        <p className="placeholder" data-testid="view-placeholder">
          Kernel virtual memory is not available for this dump (no page tables could be found): showing physical memory.
        </p>
      )}
      {layout?.error && (
        <p className="error-inline" role="alert">
          {layout.error}
        </p>
      )}
      {target === null ? (
        <MemoryStart dump={dump} />
      ) : (
        <div className="memory-split">
          <HexView
            space={space}
            target={target}
            pageSize={dump.report.dump.pageSize || 4096}
            layout={layout?.layout ?? null}
            symbolsEnabled={caps.symbols}
          />
          {layout?.layout && <StructPanel layout={layout.layout} target={target} />}
        </div>
      )}
    </section>
  );
}
