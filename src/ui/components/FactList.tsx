// A labelled list of facts (<dl>). A null value shows as "—".
import type { ReactNode } from 'react';
import { MISSING } from '../format/format-values';

export interface Fact {
  label: string;
  value: ReactNode;
  /** data-testid of the value, for the stable hooks of the contract. */
  testId?: string;
  mono?: boolean;
}

export function FactList({ facts }: { facts: Fact[] }) {
  return (
    <dl className="facts">
      {facts.map((f) => (
        <div className="fact" key={f.label}>
          <dt>{f.label}</dt>
          <dd data-testid={f.testId} className={f.mono ? 'mono' : undefined}>
            {f.value ?? MISSING}
          </dd>
        </div>
      ))}
    </dl>
  );
}
