// The worker's copy of the user's dataset: accepted images by id (their bytes, decoded on demand), the
// classes and each sample's label, split and group as the UI last sent them.
import type { RawImage } from '../data/raw-image';
import { importDataset, rejectionForDecodeError } from '../data/dataset-import';
import type { DatasetFile, DatasetSample, DatasetSummary, RejectedFile } from '../protocol/messages';

export class DatasetState {
  classes: string[] = [];
  samples: DatasetSample[] = [];
  private readonly bytes = new Map<number, Uint8Array>();
  private nextId = 0;
  /** Bumped on every change so caches keyed on the dataset know to refresh. */
  version = 0;

  constructor(private readonly decodeBytes: (bytes: Uint8Array, name: string) => Promise<RawImage>) {}

  /** Adds dropped files to the dataset; classes merge by name with those already present. */
  async importFiles(files: DatasetFile[], onProgress?: (done: number, total: number) => void): Promise<DatasetSummary> {
    const read = await Promise.all(files.map(async (f) => ({ path: f.path, bytes: new Uint8Array(await f.blob.arrayBuffer()) })));
    // Duplicates are judged against the images still in the dataset: a cleared or deleted image may come back.
    const known = this.samples.flatMap((s) => {
      const bytes = this.bytes.get(s.id);
      return bytes ? [{ path: s.path, bytes }] : [];
    });
    const result = importDataset(read, { classFromName: true, existing: known });
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
      this.bytes.set(id, s.bytes);
      this.samples.push({ id, path: s.path, label, split: s.split });
    }
    this.version++;
    const dropped = new Set(files.map((f) => f.path));
    const unpacked = accepted
      .filter((s) => !dropped.has(s.path))
      .map((s) => ({ path: s.path, blob: new Blob([s.bytes as Uint8Array<ArrayBuffer>]) }));
    return { classes: this.classes, samples: this.samples, rejected, ...(unpacked.length ? { unpacked } : {}) };
  }

  /** Replaces labels, splits, groups and class names after edits in the UI; unknown ids are refused. */
  update(classes: string[], samples: DatasetSample[]): void {
    for (const s of samples) {
      if (!this.bytes.has(s.id)) throw new Error(`sample ${s.id} (${s.path}) is not in the worker's dataset: import its file first`);
      if (s.label < 0 || s.label >= classes.length) throw new Error(`sample ${s.path} has label ${s.label}, but there are ${classes.length} classes`);
    }
    this.classes = classes;
    this.samples = samples;
    this.version++;
  }

  /** Puts back a saved dataset (ids preserved). */
  restore(classes: string[], samples: DatasetSample[], images: Map<number, Uint8Array>): void {
    this.classes = classes;
    this.samples = samples;
    this.bytes.clear();
    for (const [id, b] of images) this.bytes.set(id, b);
    // A loop, not Math.max(...ids): spreading 100,000 ids overflows the call stack.
    let last = -1;
    for (const id of images.keys()) if (id > last) last = id;
    this.nextId = last + 1;
    this.version++;
  }

  bytesOf(id: number): Uint8Array | undefined {
    return this.bytes.get(id);
  }

  decode(id: number): Promise<RawImage> {
    const b = this.bytes.get(id);
    if (!b) throw new Error(`no image with id ${id}`);
    return this.decodeBytes(b, this.samples.find((s) => s.id === id)?.path ?? String(id));
  }
}
