import { describe, expect, it } from 'vitest';
import { fromBase64url, toBase64url } from './base64url';
import { decodePermalink, encodePermalink, PERMALINK_PREFIX } from './permalink';
import { sanitize } from './sanitize';
import { sampleReport } from './test-support/sample-report';

describe('permalink', () => {
  it('base64url round-trips every length and byte', () => {
    for (let n = 0; n < 70; n++) {
      const bytes = Uint8Array.from({ length: n }, (_, i) => (i * 97 + n * 31) & 0xff);
      const text = toBase64url(bytes);
      expect(text).toMatch(/^[A-Za-z0-9_-]*$/);
      expect(fromBase64url(text)).toEqual(bytes);
    }
    expect(toBase64url(Uint8Array.of(0xfb, 0xff))).toBe('-_8');
    expect(fromBase64url('a')).toBeNull();
    expect(fromBase64url('ab*c')).toBeNull();
  });

  it('carries a report through the URL fragment, compressed', () => {
    const json = JSON.stringify(sanitize(sampleReport(), { hostname: true }));
    const hash = encodePermalink(json);
    expect(hash.startsWith(PERMALINK_PREFIX)).toBe(true);
    expect(hash.length).toBeLessThan(json.length);
    expect(decodePermalink(hash)).toBe(json);
    expect(decodePermalink(hash.replace(/[A-Za-z0-9_-]+$/, (p) => encodeURIComponent(p)))).toBe(
      json,
    );
  });

  it('says when a link is damaged', () => {
    const hash = encodePermalink(JSON.stringify(sampleReport()));
    expect(() => decodePermalink('#/overview')).toThrow('not a crashlens report link');
    expect(() => decodePermalink(`${PERMALINK_PREFIX}!!!`)).toThrow('not base64url');
    expect(() => decodePermalink(hash.slice(0, hash.length - 40))).toThrow('does not inflate');
  });
});
