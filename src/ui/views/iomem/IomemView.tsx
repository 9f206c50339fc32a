// I/O memory: the physical address map as a picture, and the /proc/iomem tree.
import { useState } from 'react';
import type { OpenedDump } from '../../../workers/analysis-api';
import { NotAvailable } from '../NotAvailable';
import { ViewHeading } from '../ViewHeading';
import { IomemMap } from './IomemMap';
import { IomemTree } from './IomemTree';

export function IomemView({ dump }: { dump: OpenedDump }) {
  const entries = dump.report.iomem;
  const [picked, setPicked] = useState<number | null>(null);
  return (
    <section className="view" aria-label="I/O memory">
      <ViewHeading>I/O memory{entries ? ` (${entries.length} ranges)` : ''}</ViewHeading>
      {!entries ? (
        <NotAvailable what="The iomem resource tree is" />
      ) : (
        <>
          <IomemMap entries={entries} onPick={setPicked} />
          <IomemTree entries={entries} picked={picked} />
        </>
      )}
    </section>
  );
}
