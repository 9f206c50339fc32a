export const repo: string;
export function buildFuzz(outfile: string): Promise<string>;
export function fuzzEnv(env?: NodeJS.ProcessEnv): NodeJS.ProcessEnv;
