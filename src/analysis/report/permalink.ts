// A report in a URL fragment: "#report=" + base64url(raw deflate(UTF-8 JSON)). The
// fragment never reaches a server (browsers do not send it), so the report stays between
// the people who share the link. Links stop working in some places long before browsers'
// own limits (chat and issue trackers cut or refuse long messages), hence the limit.
import { deflateSync, Inflate, strFromU8, strToU8 } from 'fflate';
import { CrashlensError } from '../errors';
import { fromBase64url, toBase64url } from './base64url';

export const PERMALINK_PREFIX = '#report=';

/** The longest fragment a permalink gets; a larger report is shared as a file. */
export const MAX_PERMALINK_CHARS = 32 * 1024;

/** Bound on the inflated JSON of a link, against a crafted link that inflates without end. */
const MAX_INFLATED = 32 * 1024 * 1024;

/** The fragment carrying `json` (whatever its length: compare with MAX_PERMALINK_CHARS). */
export function encodePermalink(json: string): string {
  return PERMALINK_PREFIX + toBase64url(deflateSync(strToU8(json), { level: 9 }));
}

export function isPermalink(hash: string): boolean {
  return hash.startsWith(PERMALINK_PREFIX);
}

/** The report JSON text of a permalink's fragment. */
export function decodePermalink(hash: string): string {
  if (!isPermalink(hash))
    throw new CrashlensError('REPORT', 'not a crashlens report link (no #report=)');
  const bytes = fromBase64url(hash.slice(PERMALINK_PREFIX.length));
  if (!bytes || bytes.length === 0)
    throw new CrashlensError(
      'REPORT',
      'the report link is damaged: its data is not base64url (was it cut short?)',
    );
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    const inflate = new Inflate((chunk) => {
      total += chunk.length;
      if (total > MAX_INFLATED) throw new Error(`it inflates to more than ${MAX_INFLATED} bytes`);
      chunks.push(chunk);
    });
    inflate.push(bytes, true);
  } catch (e) {
    throw new CrashlensError(
      'REPORT',
      `the report link is damaged: its data does not inflate (${e instanceof Error ? e.message : String(e)})`,
    );
  }
  const raw = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    raw.set(c, at);
    at += c.length;
  }
  return strFromU8(raw);
}
