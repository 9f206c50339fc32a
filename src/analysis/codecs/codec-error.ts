// The typed error of the page codecs: the compressed bytes of one page are not a valid
// stream for its codec, or decode to the wrong length. The kdump reader turns it into a
// FaultError('unreadable') for that page alone.
import { CrashlensError } from '../errors';

export type CodecName = 'zlib' | 'lzo' | 'snappy' | 'zstd' | 'none';

export class CodecError extends CrashlensError {
  constructor(
    readonly codec: CodecName,
    readonly reason: string,
  ) {
    super('BAD_DATA', `${codec}: ${reason}`);
  }
}
