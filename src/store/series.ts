// A bounded line for charts: keeps every `stride`-th point and doubles the stride (dropping every other kept
// point) whenever it would pass `max`, so a run of any length stays at most `max` points plus the latest one.
export class DecimatedSeries {
  readonly xs: number[] = [];
  readonly ys: number[] = [];
  private stride = 1;
  private seen = 0;
  /** The most recent point, shown even when decimation skipped it. */
  last: { x: number; y: number } | null = null;

  constructor(readonly max = 500) {}

  push(x: number, y: number): void {
    this.last = { x, y };
    if (this.seen++ % this.stride !== 0) return;
    this.xs.push(x);
    this.ys.push(y);
    if (this.xs.length > this.max) this.halve();
  }

  get length(): number {
    return this.xs.length;
  }

  /** Kept points, with the latest appended when it was skipped. */
  points(): { x: number; y: number }[] {
    const out = this.xs.map((x, i) => ({ x, y: this.ys[i] }));
    if (this.last && (out.length === 0 || out[out.length - 1].x !== this.last.x)) out.push(this.last);
    return out;
  }

  private halve(): void {
    let j = 0;
    for (let i = 0; i < this.xs.length; i += 2, j++) {
      this.xs[j] = this.xs[i];
      this.ys[j] = this.ys[i];
    }
    this.xs.length = j;
    this.ys.length = j;
    this.stride *= 2;
  }
}
