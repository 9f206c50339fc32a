// Bugs found by fuzzing that are reported but not fixed yet. A failure whose signature
// matches one is counted as "known" (not saved again, not failing the run), and its saved
// inputs are skipped by the regression replay until the entry is removed. Remove the
// entry together with the fix.
export interface KnownBug {
  id: string;
  /** Tested against the failure's signature and stack. */
  match: RegExp;
  /** Saved inputs (relative to fuzz/regressions) that reproduce it. */
  inputs: string[];
  note: string;
}

export const KNOWN_BUGS: readonly KnownBug[] = [];

export function knownBugOf(signature: string, stack: string): KnownBug | undefined {
  return KNOWN_BUGS.find((b) => b.match.test(signature) || b.match.test(stack));
}
