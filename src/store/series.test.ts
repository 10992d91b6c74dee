import { describe, expect, it } from 'vitest';
import { DecimatedSeries } from './series';

describe('DecimatedSeries', () => {
  it('stays within max points over a long run, evenly spaced, always showing the latest', () => {
    const s = new DecimatedSeries(100);
    for (let i = 0; i < 10_000; i++) s.push(i, i * 2);
    expect(s.length).toBeLessThanOrEqual(100);
    expect(s.length).toBeGreaterThan(50);
    const gaps = new Set(s.xs.slice(1).map((x, i) => x - s.xs[i]));
    expect(gaps.size).toBe(1);
    const pts = s.points();
    expect(pts[pts.length - 1]).toEqual({ x: 9999, y: 19998 });
    expect(pts[0]).toEqual({ x: 0, y: 0 });
  });

  it('keeps every point while short', () => {
    const s = new DecimatedSeries(10);
    for (let i = 0; i < 10; i++) s.push(i, i);
    expect(s.xs).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });
});
