// Types for snappyjs 0.7 (it ships none): raw snappy block codec.
declare module 'snappyjs' {
  /** Decodes a raw snappy block; throws if the declared length exceeds maxLength or the stream is invalid. */
  export function uncompress(compressed: Uint8Array, maxLength?: number): Uint8Array;
  export function compress(uncompressed: Uint8Array): Uint8Array;
}
