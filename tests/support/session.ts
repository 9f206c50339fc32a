// Opens a fixture dump in-process, as the CLI does.
import { AnalysisSession } from '../../src/analysis/session/analysis-session';
import { openFileSource } from '../../src/node/file-source';

export async function openFixtureSession(paths: string[], cacheBytes?: number): Promise<AnalysisSession> {
  const files = [];
  for (const p of paths) files.push({ name: p.split('/').pop()!, source: await openFileSource(p) });
  const session = new AnalysisSession(cacheBytes !== undefined ? { cacheBytes } : {});
  await session.open(files);
  return session;
}
