// Where a model's files come from: a Hugging Face repository, a dropped folder, a folder on disk.
// The loader reads through this interface only, so every source gets the same checks and messages.

export interface FileSource {
  /** Shown in messages: "openai/clip-vit-base-patch32", "the dropped folder", a path. */
  readonly label: string;
  /** The file's bytes, or null when the source does not have it. */
  read(file: string, onProgress?: (loaded: number, total: number) => void): Promise<Uint8Array | null>;
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
  };
}
