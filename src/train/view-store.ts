// Where the clean, preprocessed view of each image (uint8 [3,S,S], 150 KB at 224 px) is kept between
// epochs. In memory for the CLI and tests; in browser storage for the studio (persist/view-store-idb.ts),
// so that ten thousand images cost disk, not the tab's memory: the training loop reads them back in batches.

export interface ViewStore {
  /** True when the views live in this process's memory (nothing is streamed). */
  readonly inMemory: boolean;
  /** Ids whose view is stored. */
  ids(): Promise<Set<number>>;
  /** The views of `ids` (undefined where absent), read together. */
  getMany(ids: number[]): Promise<(Uint8Array | undefined)[]>;
  putMany(entries: [number, Uint8Array][]): Promise<void>;
}

export function memoryViewStore(): ViewStore {
  const views = new Map<number, Uint8Array>();
  return {
    inMemory: true,
    async ids() {
      return new Set(views.keys());
    },
    async getMany(ids) {
      return ids.map((id) => views.get(id));
    },
    async putMany(entries) {
      for (const [id, v] of entries) views.set(id, v);
    },
  };
}

/** Counts what goes through a store (the bench and the streaming test read these). */
export interface CountingViewStore extends ViewStore {
  reads: number;
  writes: number;
}

export function countingViewStore(inner: ViewStore): CountingViewStore {
  const counted: CountingViewStore = {
    inMemory: inner.inMemory,
    reads: 0,
    writes: 0,
    ids: () => inner.ids(),
    async getMany(ids) {
      const got = await inner.getMany(ids);
      counted.reads += got.filter((v) => v !== undefined).length;
      return got;
    },
    async putMany(entries) {
      await inner.putMany(entries);
      counted.writes += entries.length;
    },
  };
  return counted;
}
