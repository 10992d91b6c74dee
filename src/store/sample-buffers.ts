// Per-sample values of a training run as they arrive with each step (typed arrays transferred from the worker).
// Nothing here copies on arrival: the epoch's buffer keeps the step's own arrays and joins them only when a view
// reads them, the latest values are written in place by sample id, and each sample's trail is a ring.
import type { SampleArrays } from '../protocol/train-types';

/** Steps kept per sample in its trail (the sample detail's chart). */
export const HISTORY_LIMIT = 256;

/** One epoch's per-sample values as contiguous columns (`count` long; views into the buffer's storage). */
export type SampleColumns = SampleArrays & { count: number };

const EMPTY: SampleColumns = {
  ids: new Int32Array(0), ce: new Float32Array(0), kl: new Float32Array(0), w: new Float32Array(0), ps: new Float32Array(0), pt: new Float32Array(0), count: 0,
};

/**
 * The current epoch's per-sample values. `append` keeps the step's arrays as they came (no copy); `columns()`
 * joins the steps added since its last call onto the columns it already joined, so each value is copied once,
 * by the view that shows it, at most once per frame however many steps arrived meanwhile.
 */
export class SampleBuffer {
  /** The steps' arrays as they arrived, oldest first. */
  readonly chunks: SampleArrays[] = [];
  count = 0;
  private joined: SampleArrays = EMPTY;
  /** Values (and chunks) already in `joined`. */
  private joinedCount = 0;
  private joinedChunks = 0;

  append(s: SampleArrays): void {
    this.chunks.push(s);
    this.count += s.ids.length;
  }

  clear(): void {
    this.chunks.length = 0;
    this.count = 0;
    this.joinedCount = 0;
    this.joinedChunks = 0;
  }

  columns(): SampleColumns {
    if (this.count === 0) return EMPTY;
    if (this.joined.ids.length < this.count) this.grow();
    const j = this.joined;
    for (; this.joinedChunks < this.chunks.length; this.joinedChunks++) {
      const c = this.chunks[this.joinedChunks];
      const at = this.joinedCount;
      j.ids.set(c.ids, at);
      j.ce.set(c.ce, at);
      j.kl.set(c.kl, at);
      j.w.set(c.w, at);
      j.ps.set(c.ps, at);
      j.pt.set(c.pt, at);
      this.joinedCount += c.ids.length;
    }
    const n = this.count;
    return { ids: j.ids.subarray(0, n), ce: j.ce.subarray(0, n), kl: j.kl.subarray(0, n), w: j.w.subarray(0, n), ps: j.ps.subarray(0, n), pt: j.pt.subarray(0, n), count: n };
  }

  /** Room for `count` values (doubling), keeping what is already joined. */
  private grow(): void {
    let cap = Math.max(256, this.joined.ids.length);
    while (cap < this.count) cap *= 2;
    const j = this.joined;
    const f = (a: Float32Array) => {
      const b = new Float32Array(cap);
      b.set(a.subarray(0, this.joinedCount));
      return b;
    };
    const ids = new Int32Array(cap);
    ids.set(j.ids.subarray(0, this.joinedCount));
    this.joined = { ids, ce: f(j.ce), kl: f(j.kl), w: f(j.w), ps: f(j.ps), pt: f(j.pt) };
  }
}

/** The latest values per sample id (indexed by id; NaN where a sample has not been seen), written in place. */
export class LatestTable {
  ce = new Float32Array(0);
  kl = new Float32Array(0);
  w = new Float32Array(0);
  ps = new Float32Array(0);
  pt = new Float32Array(0);
  /** The step that last wrote each id (-1: never): a view of one sample redraws only when its own step moves. */
  step = new Int32Array(0);

  update(s: SampleArrays, step: number): void {
    let maxId = -1;
    for (let i = 0; i < s.ids.length; i++) if (s.ids[i] > maxId) maxId = s.ids[i];
    this.reserve(maxId + 1);
    for (let i = 0; i < s.ids.length; i++) {
      const id = s.ids[i];
      this.ce[id] = s.ce[i];
      this.kl[id] = s.kl[i];
      this.w[id] = s.w[i];
      this.ps[id] = s.ps[i];
      this.pt[id] = s.pt[i];
      this.step[id] = step;
    }
  }

  has(id: number): boolean {
    return id < this.step.length && this.step[id] >= 0;
  }

  private reserve(n: number): void {
    if (n <= this.ce.length) return;
    const cap = Math.max(n, this.ce.length * 2, 64);
    for (const k of ['ce', 'kl', 'w', 'ps', 'pt'] as const) {
      const b = new Float32Array(cap).fill(NaN);
      b.set(this[k]);
      this[k] = b;
    }
    const st = new Int32Array(cap).fill(-1);
    st.set(this.step);
    this.step = st;
  }
}

/** One point of a sample's trail. */
export interface TrailPoint {
  step: number;
  ce: number;
  kl: number;
  w: number;
}

/** A sample's ce, kl and w at each step it was in: the last `limit` of them, in a ring written in place. */
export class SampleTrail {
  private steps = new Int32Array(4);
  private ce = new Float32Array(4);
  private kl = new Float32Array(4);
  private w = new Float32Array(4);
  /** Index of the oldest point once the ring is full (0 until then). */
  private start = 0;
  length = 0;

  constructor(readonly limit = HISTORY_LIMIT) {}

  push(step: number, ce: number, kl: number, w: number): void {
    let at: number;
    if (this.length < this.limit) {
      if (this.length === this.steps.length) this.grow();
      at = this.length++;
    } else {
      at = this.start;
      this.start = (this.start + 1) % this.limit;
    }
    this.steps[at] = step;
    this.ce[at] = ce;
    this.kl[at] = kl;
    this.w[at] = w;
  }

  /** The points, oldest first. */
  points(): TrailPoint[] {
    const cap = Math.min(this.limit, this.steps.length);
    return Array.from({ length: this.length }, (_, k) => {
      const i = (this.start + k) % cap;
      return { step: this.steps[i], ce: this.ce[i], kl: this.kl[i], w: this.w[i] };
    });
  }

  /** Doubles the storage (only before the ring is full, so the points are in order from 0). */
  private grow(): void {
    const cap = Math.min(this.limit, this.steps.length * 2);
    const i = new Int32Array(cap);
    i.set(this.steps);
    this.steps = i;
    for (const k of ['ce', 'kl', 'w'] as const) {
      const b = new Float32Array(cap);
      b.set(this[k]);
      this[k] = b;
    }
  }
}
