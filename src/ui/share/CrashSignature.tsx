// The crash signature on the overview: a short id that two reports of the same bug share
// (panic kind + top meaningful frames, analysis/report/signature.ts), and what it stands for.
import { describeSignature, signatureOf } from '../../analysis/report/signature';
import type { OpenedDump } from '../../workers/analysis-api';

export function CrashSignature({ dump }: { dump: OpenedDump }) {
  const panic = dump.report.panic;
  const signature = panic?.signature ?? signatureOf(panic, dump.panicBacktrace);
  if (!signature) return null;
  return (
    <p
      className="crash-signature"
      title="The same bug gives the same signature, whatever the dump's format, boot or capture"
    >
      Signature{' '}
      <code data-testid="crash-signature" data-signature={signature.id}>
        {signature.id}
      </code>{' '}
      <span className="muted mono">{describeSignature(signature)}</span>
    </p>
  );
}
