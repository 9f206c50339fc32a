export interface PreparedScenario {
  name: string;
  dir: string;
  files: Record<string, string>;
  vmlinux: string | null;
}
export const fixturesRoot: string;
export const cacheRoot: string;
export function prepareAll(opts?: { vmlinux?: boolean }): PreparedScenario[];
