import { FaultError } from '../../errors';

/** Awaits `p` and returns the FaultError it rejects with (fails on success or another error). */
export async function expectFault(p: Promise<unknown>): Promise<FaultError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof FaultError) return e;
    throw e;
  }
  throw new Error('expected a FaultError');
}
