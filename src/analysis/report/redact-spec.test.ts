import { describe, expect, it } from 'vitest';
import { parseRedactSpec } from './redact-spec';

describe('--redact', () => {
  it('reads each item, combined', () => {
    expect(parseRedactSpec('hostname,kaslr,comm=crashme,comm=sleep,log=secret')).toEqual({
      hostname: true,
      kaslr: true,
      comms: ['crashme', 'sleep'],
      logPatterns: [/secret/],
    });
    expect(parseRedactSpec('comm')).toEqual({ userComms: true });
  });

  it('keeps commas inside a regex, and takes /re/flags', () => {
    expect(parseRedactSpec('log=a{1,3}b,hostname').logPatterns).toEqual([/a{1,3}b/]);
    expect(parseRedactSpec('log=/token=\\w+/i').logPatterns).toEqual([/token=\w+/i]);
  });

  it('refuses unknown items and bad patterns as usage errors', () => {
    expect(() => parseRedactSpec('hostnames')).toThrow('unknown item "hostnames"');
    expect(() => parseRedactSpec('comm=')).toThrow('unknown item');
    expect(() => parseRedactSpec('log=(')).toThrow('not a regular expression');
    try {
      parseRedactSpec('nope');
    } catch (e) {
      expect((e as { code: string }).code).toBe('USAGE');
    }
  });
});
