// Random access to a weights file without holding it whole: a checkpoint is read tensor by tensor from
// bytes in memory, a Blob (a dropped file, a cached download: the browser keeps those on disk) or a file
// on disk (Node), so a 600 MB checkpoint is never in memory twice.

export interface ByteRange {
  /** Total length in bytes. */
  readonly size: number;
  /** `length` bytes from `offset` (fewer only past the end). May be a view: treat it as read-only. */
  read(offset: number, length: number): Promise<Uint8Array>;
  /** Releases what the range holds open (a file handle), once every tensor is read. */
  close?(): Promise<void>;
}

export function bytesRange(bytes: Uint8Array): ByteRange {
  return {
    size: bytes.byteLength,
    read: async (offset, length) => bytes.subarray(offset, Math.min(bytes.byteLength, offset + length)),
  };
}

export function blobRange(blob: Blob): ByteRange {
  return {
    size: blob.size,
    read: async (offset, length) => new Uint8Array(await blob.slice(offset, offset + length).arrayBuffer()),
  };
}
