// Where a model's files come from: a Hugging Face repository, a dropped folder, a folder on disk.
// The loader reads through this interface only, so every source gets the same checks and messages.
import { blobRange, bytesRange, type ByteRange } from '../weights/byte-range';

/** A file a source lists, with its size in bytes. */
export interface SourceFile {
  path: string;
  size: number;
}

export interface FileSource {
  /** Shown in messages: "openai/clip-vit-base-patch32", "the dropped folder", a path. */
  readonly label: string;
  /** The file's bytes, or null when the source does not have it. */
  read(file: string, onProgress?: (loaded: number, total: number) => void): Promise<Uint8Array | null>;
  /** Random access to a (large) file without reading it whole, where the source can give it. */
  open?(file: string, onProgress?: (loaded: number, total: number) => void): Promise<ByteRange | null>;
  /** The files at the top of the source with their sizes, where the source can list them cheaply. */
  list?(): Promise<SourceFile[]>;
}

type Progress = (loaded: number, total: number) => void;

/** `read` and `open` of a source whose files come as Blobs (a cache, a download), from its Blob getter. */
export function blobReaders(blob: (file: string, onProgress?: Progress) => Promise<Blob | null>): Pick<Required<FileSource>, 'read' | 'open'> {
  return {
    async read(file, onProgress) {
      const b = await blob(file, onProgress);
      return b ? new Uint8Array(await b.arrayBuffer()) : null;
    },
    async open(file, onProgress) {
      const b = await blob(file, onProgress);
      return b ? blobRange(b) : null;
    },
  };
}

/** Random access through `open` when the source has it, else over the whole file read into memory. */
export async function openFile(src: FileSource, file: string, onProgress?: (loaded: number, total: number) => void): Promise<ByteRange | null> {
  if (src.open) return src.open(file, onProgress);
  const bytes = await src.read(file, onProgress);
  return bytes ? bytesRange(bytes) : null;
}

/** A source over files already in memory (a dropped folder's Blobs, tests). */
export function memorySource(label: string, files: Record<string, Uint8Array | Blob>): FileSource {
  return {
    label,
    async read(file) {
      const f = files[file];
      if (!f) return null;
      return f instanceof Uint8Array ? f : new Uint8Array(await f.arrayBuffer());
    },
    async open(file) {
      const f = files[file];
      if (!f) return null;
      return f instanceof Uint8Array ? bytesRange(f) : blobRange(f);
    },
    async list() {
      return Object.entries(files).map(([path, f]) => ({ path, size: f instanceof Uint8Array ? f.byteLength : f.size }));
    },
  };
}
