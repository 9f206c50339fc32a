// An address shown as a link into the memory view at that address. A redacted report's
// "symbol+0xoff" is shown as text, and an address it dropped as —.
import { memoryHref, type MemorySpace } from '../../routing/route';

export function AddressLink({
  address,
  space,
  struct,
  label,
}: {
  address: string | null;
  space?: MemorySpace;
  struct?: string;
  label?: string;
}) {
  if (address === null) return <span className="address mono muted" title="Removed from this shared report">—</span>;
  if (!address.startsWith('0x')) return <span className="address mono">{label ?? address}</span>;
  const where = space === 'physical' ? 'physical' : 'virtual';
  return (
    <a
      className="address mono"
      href={memoryHref(address, { space, struct })}
      title={`Show ${where} memory at ${address}${struct ? ` as struct ${struct}` : ''}`}
    >
      {label ?? address}
    </a>
  );
}
