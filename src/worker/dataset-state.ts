// The worker's copy of the user's dataset: the classes, each sample's label, split and group as the UI last
// sent them, and where each accepted image's bytes are. An image's bytes stay in memory only until the
// project has stored them (then they are read back from storage when needed: decoding, export); without a
// store (the CLI, tests, a read-only tab, a full disk) they stay in memory.
import type { RawImage } from '../data/raw-image';
import { importDataset, rejectionForDecodeError, type DroppedFile } from '../data/dataset-import';
import { contentKey } from '../data/content-hash';
import type { DatasetFile, DatasetSample, DatasetSummary, RejectedFile } from '../protocol/messages';

/** Where released images are read back from (the project's image store). */
export interface ImageSource {
  /** The bytes of `ids`, in order (undefined where absent). */
  read(ids: number[]): Promise<(Uint8Array | undefined)[]>;
}

/** Existing images read back per chunk when their fingerprints are needed (bounded memory). */
const KEY_CHUNK = 64;

export class DatasetState {
  classes: string[] = [];
  samples: DatasetSample[] = [];
  /** Ids of the accepted images (in memory or in storage). */
  private readonly known = new Set<number>();
  /** Bytes not yet released to storage. */
  private readonly held = new Map<number, Uint8Array>();
  /** Content fingerprints (duplicate checks), computed once per image. */
  private readonly keys = new Map<number, string>();
  private source: ImageSource | null = null;
  private nextId = 0;
  /** Bumped on every change so caches keyed on the dataset know to refresh. */
  version = 0;

  constructor(private readonly decodeBytes: (bytes: Uint8Array, name: string) => Promise<RawImage>) {}

  /** Adds dropped files to the dataset; classes merge by name with those already present. */
  async importFiles(files: DatasetFile[], onProgress?: (done: number, total: number) => void): Promise<DatasetSummary> {
    const read = await Promise.all(files.map(async (f) => ({ path: f.path, bytes: new Uint8Array(await f.blob.arrayBuffer()) })));
    // Duplicates are judged against the images still in the dataset: a cleared or deleted image may come back.
    const result = importDataset(read, { classFromName: true, existing: await this.sameSizedExisting(read) });
    const rejected: RejectedFile[] = [...result.rejected];
    let done = 0;
    const accepted: typeof result.samples = [];
    for (const s of result.samples) {
      // Decode now so a corrupt image is reported at import, not in the middle of training.
      try {
        await this.decodeBytes(s.bytes, s.path);
      } catch (e) {
        rejected.push(rejectionForDecodeError(s.path, e));
        continue;
      } finally {
        onProgress?.(++done, result.samples.length);
      }
      let label = this.classes.indexOf(result.classes[s.label]);
      if (label < 0) {
        this.classes.push(result.classes[s.label]);
        label = this.classes.length - 1;
      }
      const id = this.nextId++;
      accepted.push(s);
      this.known.add(id);
      this.held.set(id, s.bytes);
      this.keys.set(id, contentKey(s.bytes));
      this.samples.push({ id, path: s.path, label, split: s.split });
    }
    this.version++;
    const dropped = new Set(files.map((f) => f.path));
    const unpacked = accepted
      .filter((s) => !dropped.has(s.path))
      .map((s) => ({ path: s.path, blob: new Blob([s.bytes as Uint8Array<ArrayBuffer>]) }));
    return { classes: this.classes, samples: this.samples, rejected, ...(unpacked.length ? { unpacked } : {}) };
  }

  /**
   * The images in the dataset that a dropped file could duplicate: those of the same length (the
   * fingerprint's first part), with their bytes, read back from storage where released.
   */
  private async sameSizedExisting(dropped: DroppedFile[]): Promise<DroppedFile[]> {
    const lengths = new Set(dropped.map((f) => f.bytes.length));
    const inDataset = this.samples.filter((s) => this.known.has(s.id));
    // Fingerprints of images restored from storage are taken once, a chunk at a time.
    const missing = inDataset.filter((s) => !this.keys.has(s.id)).map((s) => s.id);
    for (let i = 0; i < missing.length; i += KEY_CHUNK) {
      const ids = missing.slice(i, i + KEY_CHUNK);
      (await this.bytesOfMany(ids)).forEach((b, j) => this.keys.set(ids[j], contentKey(b)));
    }
    const candidates = inDataset.filter((s) => lengths.has(Number(this.keys.get(s.id)!.split(':')[0])));
    const bytes = await this.bytesOfMany(candidates.map((s) => s.id));
    return candidates.map((s, i) => ({ path: s.path, bytes: bytes[i] }));
  }

  /** Replaces labels, splits, groups and class names after edits in the UI; unknown ids are refused. */
  update(classes: string[], samples: DatasetSample[]): void {
    for (const s of samples) {
      if (!this.known.has(s.id)) throw new Error(`sample ${s.id} (${s.path}) is not in the worker's dataset: import its file first`);
      if (s.label < 0 || s.label >= classes.length) throw new Error(`sample ${s.path} has label ${s.label}, but there are ${classes.length} classes`);
    }
    this.classes = classes;
    this.samples = samples;
    this.version++;
  }

  /**
   * Puts back a saved dataset (ids preserved): `images` are the ids whose bytes `source` holds (or a map of
   * bytes kept in memory, where there is no store).
   */
  restore(classes: string[], samples: DatasetSample[], images: Iterable<number> | Map<number, Uint8Array>, source: ImageSource | null = null): void {
    this.classes = classes;
    this.samples = samples;
    this.known.clear();
    this.held.clear();
    this.keys.clear();
    this.source = source;
    // A loop, not Math.max(...ids): spreading 100,000 ids overflows the call stack.
    let last = -1;
    for (const entry of images) {
      const id = typeof entry === 'number' ? entry : entry[0];
      if (typeof entry !== 'number') this.held.set(id, entry[1]);
      this.known.add(id);
      if (id > last) last = id;
    }
    this.nextId = last + 1;
    this.version++;
  }

  /** Where released images are read from from now on (the open project's store). */
  setSource(source: ImageSource | null): void {
    this.source = source;
  }

  /** The bytes of images not yet stored, for the project to write. */
  heldBytesOf(id: number): Uint8Array | undefined {
    return this.held.get(id);
  }

  /** These images are in storage now: their bytes leave memory (kept where there is no store to read). */
  release(ids: Iterable<number>): void {
    if (!this.source) return;
    for (const id of ids) this.held.delete(id);
  }

  /** Bytes of original images held in memory (the rest is read from storage on demand). */
  heldByteCount(): number {
    let n = 0;
    for (const b of this.held.values()) n += b.byteLength;
    return n;
  }

  has(id: number): boolean {
    return this.known.has(id);
  }

  /** The original bytes of `ids`, from memory or storage; a missing image is an error naming it. */
  async bytesOfMany(ids: number[]): Promise<Uint8Array[]> {
    const out: (Uint8Array | undefined)[] = ids.map((id) => this.held.get(id));
    const away = ids.flatMap((id, i) => (out[i] ? [] : [i]));
    if (away.length && this.source) {
      const got = await this.source.read(away.map((i) => ids[i]));
      away.forEach((i, j) => (out[i] = got[j]));
    }
    return out.map((b, i) => {
      if (!b) throw new Error(`the image of sample ${this.pathOf(ids[i])} is missing from browser storage: import it again`);
      return b;
    });
  }

  async bytesOf(id: number): Promise<Uint8Array> {
    return (await this.bytesOfMany([id]))[0];
  }

  private paths: { version: number; byId: Map<number, string> } | null = null;

  pathOf(id: number): string {
    if (this.paths?.version !== this.version) this.paths = { version: this.version, byId: new Map(this.samples.map((s) => [s.id, s.path])) };
    return this.paths.byId.get(id) ?? String(id);
  }

  async decode(id: number): Promise<RawImage> {
    if (!this.known.has(id)) throw new Error(`no image with id ${id}`);
    return this.decodeBytes(await this.bytesOf(id), this.pathOf(id));
  }
}
